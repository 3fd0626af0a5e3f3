package dev.courier.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds TCP ports that are free right now on the loopback interface. */
final class FreePorts {

    private FreePorts() {
    }

    /**
     * A port the OS just handed out and released. Another process may grab it before Kafka binds it;
     * the window is milliseconds, and a node must know its ports before start so a restart can reuse them.
     */
    static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on the loopback interface", e);
        }
    }
}
