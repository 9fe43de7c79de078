package io.shiporskip.infra.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Ports nobody listens on right now, for brokers and services started by tests.
 *
 * <p>The kernel picks each port at random from its ephemeral range and may pick a port it just gave out again, as soon
 * as the probing socket is closed: two services of one stack were then started on the same port, the first to bind
 * answered both readiness probes, and a test's commands went to the query service (403 on every POST; CI saw it
 * once). So a port handed out once is never handed out again by this JVM (a test JVM takes a few hundred of the
 * range's ~28,000).
 */
public final class FreePorts {

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** A loopback port no one listens on now, and one this JVM has not been given before. */
    public static synchronized int next() {
        while (true) {
            int port = probe();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
    }

    private static int probe() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
