package io.shiporskip.infra.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Whether a Docker engine answers: {@code GET /_ping} on {@code DOCKER_HOST} ({@code unix://} or plain {@code tcp://})
 * or, without it, on {@code /var/run/docker.sock}; an engine answers 200. A client without a daemon (this project's
 * machines have the docker CLI but no engine), a missing socket, a refusal or silence within the timeout: no engine.
 * An engine behind TLS ({@code DOCKER_TLS_VERIFY}) is not probed: set {@code SHIPORSKIP_TEST_INFRA=containers}.
 */
final class DockerEngine {

    static final String DEFAULT_SOCKET = "/var/run/docker.sock";
    private static final byte[] PING = "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private DockerEngine() {
    }

    static boolean answers(Map<String, String> environment, Duration timeout) {
        String host = environment.getOrDefault("DOCKER_HOST", "").trim();
        try {
            if (host.isEmpty() || host.startsWith("unix://")) {
                Path socket = Path.of(host.isEmpty() ? DEFAULT_SOCKET : URI.create(host).getPath());
                return Files.exists(socket) && okStatus(pingUnix(UnixDomainSocketAddress.of(socket), timeout));
            }
            if (host.startsWith("tcp://")) {
                URI uri = URI.create(host);
                return okStatus(pingTcp(new InetSocketAddress(uri.getHost(), uri.getPort()), timeout));
            }
            return false;
        } catch (IOException | RuntimeException unreachable) {
            return false;
        }
    }

    private static boolean okStatus(String response) {
        return response.startsWith("HTTP/1.0 200") || response.startsWith("HTTP/1.1 200");
    }

    private static String pingTcp(SocketAddress address, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(PING);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(32), StandardCharsets.US_ASCII);
        }
    }

    /** A Unix socket has no read timeout of its own: the wait for the answer is a selector's. */
    private static String pingUnix(SocketAddress address, Duration timeout) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX); Selector selector = Selector.open()) {
            channel.connect(address);
            channel.write(ByteBuffer.wrap(PING));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteBuffer answer = ByteBuffer.allocate(32);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (answer.hasRemaining()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || selector.select(left) == 0) {
                    break;
                }
                selector.selectedKeys().clear();
                if (channel.read(answer) < 0) {
                    break;
                }
            }
            return new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII);
        }
    }
}
