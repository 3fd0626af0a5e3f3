package dev.courier.embeddedkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Finds TCP ports that are free right now on the loopback interface. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * A port the OS just handed out and released. Another process may grab it before Kafka binds it;
     * the window is milliseconds, and a node must know its ports before start so a restart can reuse them.
     */
    public static int next() {
        return distinct(1).get(0);
    }

    /**
     * {@code count} different free ports. The sockets stay open until all are taken: one released port at a time
     * may be handed out again at once, and two listeners of one node on the same port do not start.
     */
    static List<Integer> distinct(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports.add(socket.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on the loopback interface", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // a port we could not release stays unused; the others are still free
                }
            }
        }
    }
}
