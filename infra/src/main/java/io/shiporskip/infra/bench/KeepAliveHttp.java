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
 * One keep-alive HTTP/1.1 connection that sends requests one after another and reads each answer's status and body,
 * like wrk does. Why not java.net.http: against pages answered from memory, its client took 60 % of the machine and
 * left the query service 28 % (docs/performance.md), so the figure measured the client; the write phase uses the same
 * client so that its figure measures the command service, not the load generator (issue 15). Answers are read by
 * Content-Length or chunked transfer coding (Spring MVC's JSON answers are chunked); anything else fails loudly.
 */
final class KeepAliveHttp implements Closeable {

    /** An answer: its status and, for anything but 2xx, its body (the benchmark reports the first errors). */
    record Answer(int status, String errorBody) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final String host;
    private final int port;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    KeepAliveHttp(String baseUrl) throws IOException {
        URI base = URI.create(baseUrl);
        host = base.getHost();
        port = base.getPort();
        connect();
    }

    private void connect() throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    /** The bytes of a GET of {@code path} (build once, send many times). */
    byte[] get(String path) {
        return head("GET", path, null, 0).getBytes(StandardCharsets.US_ASCII);
    }

    /** The bytes of a request with an optional bearer token and an optional JSON body. */
    byte[] request(String method, String path, String bearer, String json) {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        byte[] head = head(method, path, bearer, json == null ? -1 : body.length).getBytes(StandardCharsets.US_ASCII);
        byte[] whole = new byte[head.length + body.length];
        System.arraycopy(head, 0, whole, 0, head.length);
        System.arraycopy(body, 0, whole, head.length, body.length);
        return whole;
    }

    private String head(String method, String path, String bearer, int contentLength) {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append(':').append(port).append("\r\nAccept: application/json\r\n");
        if (bearer != null) {
            head.append("Authorization: Bearer ").append(bearer).append("\r\n");
        }
        if (contentLength >= 0) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(contentLength).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** Sends a request made by {@link #get} or {@link #request} and reads the whole answer. */
    Answer send(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closing = false;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("connection:") && lower.contains("close")) {
                closing = true; // Tomcat ends a keep-alive connection after 100 requests by default
            } else if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring("content-length:".length()).trim());
            } else if (lower.startsWith("transfer-encoding:")) {
                chunked = lower.contains("chunked");
                if (!chunked) {
                    throw new IOException("a transfer coding this client does not read: " + header);
                }
            }
        }
        if (length < 0 && !chunked && status != 204 && status != 304) {
            throw new IOException("an answer without Content-Length or chunks (status " + status + ")");
        }
        String errorBody = chunked ? readChunks(status >= 300) : readBody(Math.max(0, length), status >= 300);
        if (closing) {
            socket.close();
            connect();
        }
        return new Answer(status, errorBody);
    }

    /** Reads the body; keeps it (as text) only when asked, since a success's body is not needed here. */
    private String readBody(long length, boolean keep) throws IOException {
        ByteArrayOutputStream kept = keep ? new ByteArrayOutputStream((int) Math.min(length, 4096)) : null;
        long left = length;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("the connection closed inside an answer");
            }
            if (kept != null && kept.size() < 4096) {
                kept.write(buffer, 0, read);
            }
            left -= read;
        }
        return kept == null ? null : kept.toString(StandardCharsets.UTF_8);
    }

    private String readChunks(boolean keep) throws IOException {
        StringBuilder kept = new StringBuilder();
        while (true) {
            String sizeLine = readLine();
            int extension = sizeLine.indexOf(';');
            long size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers: none expected, skipped
                }
                return keep ? kept.toString() : null;
            }
            String chunk = readBody(size, keep);
            if (chunk != null) {
                kept.append(chunk);
            }
            if (!readLine().isEmpty()) {
                throw new IOException("a chunk without its closing CRLF");
            }
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
