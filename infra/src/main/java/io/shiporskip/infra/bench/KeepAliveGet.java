package io.shiporskip.infra.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection that sends the same GET again and again and reads each answer's status and
 * body length, like wrk does. Why not java.net.http: against pages answered from memory, its client took 60 % of the
 * machine and left the query service 28 % (docs/performance.md), so the figure measured the client. The answer must
 * carry a Content-Length (the query service's pages do); anything else fails the benchmark loudly.
 */
final class KeepAliveGet implements Closeable {

    private final String host;
    private final int port;
    private final byte[] request;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final byte[] discard = new byte[64 * 1024];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    KeepAliveGet(String baseUrl, String path) throws IOException {
        URI base = URI.create(baseUrl);
        host = base.getHost();
        port = base.getPort();
        request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        connect();
    }

    private void connect() throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    /** Sends the request and reads the whole answer; returns its status. */
    int fetch() throws IOException {
        out.write(request);
        out.flush();
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean closing = false;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("connection:") && lower.contains("close")) {
                closing = true; // Tomcat ends a keep-alive connection after 100 requests by default
            } else if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring("content-length:".length()).trim());
            } else if (lower.startsWith("transfer-encoding:")) {
                throw new IOException("the benchmark reads answers with a Content-Length only: " + header);
            }
        }
        if (length < 0) {
            throw new IOException("an answer without Content-Length (status " + status + ")");
        }
        skip(length);
        if (closing) {
            socket.close();
            connect();
        }
        return status;
    }

    private void skip(long length) throws IOException {
        long left = length;
        while (left > 0) {
            int read = in.read(discard, 0, (int) Math.min(discard.length, left));
            if (read < 0) {
                throw new IOException("the connection closed inside an answer");
            }
            left -= read;
        }
    }

    private String readLine() throws IOException {
        line.reset();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed");
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
