package io.shiporskip.infra.testing;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine probe against real sockets: stand-ins for the Docker engine on a Unix socket and on TCP that answer the
 * ping as an engine does (200 "OK"), as a broken one does (500), or not at all.
 */
class DockerEngineTest {

    /** For stand-ins that never answer: how long the probe waits before it gives up. */
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /**
     * For stand-ins that do answer: generous, since a busy machine can take over half a second to serve even this
     * (CI failed on the 500 ms above); the probe returns as soon as the answer comes.
     */
    private static final Duration PATIENT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void an_engine_answering_its_ping_on_the_unix_socket_of_docker_host_answers() throws Exception {
        Path socket = dir.resolve("docker.sock");
        try (FakeUnixEngine ignored = new FakeUnixEngine(socket, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK")) {
            assertThat(DockerEngine.answers(Map.of("DOCKER_HOST", "unix://" + socket), PATIENT)).isTrue();
        }
    }

    @Test
    void an_engine_answering_an_error_or_nothing_does_not_answer() throws Exception {
        Path broken = dir.resolve("broken.sock");
        try (FakeUnixEngine ignored = new FakeUnixEngine(broken, "HTTP/1.1 500 Internal Server Error\r\n\r\n")) {
            assertThat(DockerEngine.answers(Map.of("DOCKER_HOST", "unix://" + broken), PATIENT)).isFalse();
        }
        Path silent = dir.resolve("silent.sock");
        try (FakeUnixEngine ignored = new FakeUnixEngine(silent, null)) {
            long started = System.nanoTime();
            assertThat(DockerEngine.answers(Map.of("DOCKER_HOST", "unix://" + silent), TIMEOUT)).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void no_socket_file_or_a_refused_tcp_port_or_an_unknown_scheme_is_no_engine() throws Exception {
        assertThat(DockerEngine.answers(Map.of("DOCKER_HOST", "unix://" + dir.resolve("none.sock")), TIMEOUT)).isFalse();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        assertThat(DockerEngine.answers(Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + closedPort), TIMEOUT)).isFalse();
        assertThat(DockerEngine.answers(Map.of("DOCKER_HOST", "ssh://user@host"), TIMEOUT)).isFalse();
    }

    @Test
    void an_engine_answering_on_tcp_answers() throws Exception {
        HttpServer engine = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        engine.createContext("/_ping", exchange -> {
            byte[] ok = "OK".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        engine.start();
        try {
            assertThat(DockerEngine.answers(Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + engine.getAddress().getPort()),
                    PATIENT)).isTrue();
        } finally {
            engine.stop(0);
        }
    }

    /** Accepts one connection on a Unix socket, reads the request, answers {@code response} (or stays silent). */
    private static final class FakeUnixEngine implements AutoCloseable {
        private final ServerSocketChannel server;
        private final Thread thread;

        FakeUnixEngine(Path socket, String response) throws IOException {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            thread = new Thread(() -> {
                try (SocketChannel client = server.accept()) {
                    client.read(ByteBuffer.allocate(1024));
                    if (response == null) {
                        Thread.sleep(Duration.ofSeconds(3).toMillis());
                    } else {
                        client.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
                    }
                } catch (IOException | InterruptedException closed) {
                    // the test is over
                }
            }, "fake-docker-engine");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            thread.interrupt();
        }
    }
}
