package dev.courier.app.db;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the database ready (create it, migrate it) in the background, retrying while PostgreSQL cannot be reached, and
 * then runs what needs it (the sink). Writes only need Kafka: a process must start and accept them while the database
 * is down, report the sink not ready, and catch up once the database returns. A failure that is not about reaching
 * the server (a migration that fails, a checksum mismatch) is not retried: it is reported as fatal, so the process
 * exits and an operator sees it.
 */
public final class DatabaseStartup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseStartup.class);

    /** A step that needs the database; it may throw, and is retried only when the cause is unreachability. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private final Step prepare;
    private final Runnable then;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Thread thread;
    private volatile boolean done;
    private volatile String fatal;

    /**
     * @param prepare what must succeed first (create and migrate the database)
     * @param then    what runs once it did (start the sink), on the startup thread
     */
    public DatabaseStartup(Step prepare, Runnable then, Duration initialDelay, Duration maxDelay) {
        this.prepare = prepare;
        this.then = then;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.thread = new Thread(this::run, "courier-database-startup");
        this.thread.setDaemon(true);
    }

    public DatabaseStartup(Step prepare, Runnable then) {
        this(prepare, then, Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    public void start() {
        thread.start();
    }

    /** True once the database was prepared and {@code then} ran. */
    public boolean isDone() {
        return done;
    }

    /** Why it gave up, if it did: the process should stop. */
    public Optional<String> fatalProblem() {
        return Optional.ofNullable(fatal);
    }

    private void run() {
        long delay = initialDelay.toMillis();
        for (int attempt = 1; !Thread.currentThread().isInterrupted(); attempt++) {
            try {
                prepare.run();
                if (attempt > 1) {
                    log.info("database reachable after {} attempts", attempt);
                }
                then.run();
                done = true;
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!unreachable(e)) {
                    fatal = "preparing the database failed: " + e.getMessage();
                    log.error("preparing the database failed; not retrying", e);
                    return;
                }
                log.warn("database not reachable (attempt {}, next in {} ms): {}; HTTP writes keep working, the sink "
                        + "starts once it is", attempt, delay, rootMessage(e));
            }
            try {
                TimeUnit.MILLISECONDS.sleep(delay);
            } catch (InterruptedException e) {
                return;
            }
            delay = Math.min(delay * 2, maxDelay.toMillis());
        }
    }

    /**
     * Connection refused or lost (SQLState class 08), the server starting up or shutting down (57P), too many
     * connections (53300): waiting helps. Anything else does not.
     */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Stops retrying; waits briefly for a step in progress (the sink's start is quick, a migration may not be). */
    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
