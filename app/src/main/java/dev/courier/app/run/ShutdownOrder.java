package dev.courier.app.run;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What was started, closed in reverse order; one failing close does not keep the others open. */
public final class ShutdownOrder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShutdownOrder.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** Registers {@code c} to be closed before everything registered earlier; returns it. */
    public <T extends AutoCloseable> T add(T c) {
        started.push(c);
        return c;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
