package dev.courier.app.run;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What was started, closed in reverse order; one failing close does not keep the others open. Safe to add to from
 * another thread (the sink is started once the database is ready).
 */
public final class ShutdownOrder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShutdownOrder.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** Registers {@code c} to be closed before everything registered earlier; returns it. */
    public synchronized <T extends AutoCloseable> T add(T c) {
        started.push(c);
        return c;
    }

    @Override
    public void close() {
        AutoCloseable c;
        while ((c = next()) != null) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private synchronized AutoCloseable next() {
        return started.poll();
    }
}
