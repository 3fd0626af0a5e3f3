package dev.courier.persistence.internal.loop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether PostgreSQL takes the sink's writes. A failed write or claim makes the sink not ready and spaces the retries
 * with a capped exponential backoff (lanes that fail together back off once); the next success makes it ready again.
 * Read from any thread, changed by the loop's thread only.
 */
final class WriteHealth {

    private static final Logger log = LoggerFactory.getLogger(WriteHealth.class);

    private final Backoff backoff;
    private final Runnable onRetry;
    private volatile boolean healthy;

    /** @param onRetry counts each failure (a retry follows) */
    WriteHealth(Backoff backoff, Runnable onRetry) {
        this.backoff = backoff;
        this.onRetry = onRetry;
    }

    boolean healthy() {
        return healthy;
    }

    /** The database answered (at start, before any write). */
    void reachable() {
        healthy = true;
    }

    /** Whether a write or claim may be tried now. */
    boolean due(long now) {
        return backoff.due(now);
    }

    long nanosUntilDue(long now) {
        return backoff.nanosUntilDue(now);
    }

    int failures() {
        return backoff.failures();
    }

    /** A lane's write failed at {@code now}; lanes failing within one backoff period count as one failure. */
    void writeFailed(long now) {
        healthy = false;
        onRetry.run();
        if (backoff.due(now)) {
            backoff.failed(now);
        }
    }

    /** Claiming partitions failed at {@code now}; answers the delay until the next attempt. */
    long claimFailed(long now) {
        healthy = false;
        onRetry.run();
        return backoff.failed(now);
    }

    /** A write or claim succeeded with no lane failing. */
    void succeeded() {
        if (backoff.failures() > 0) {
            log.info("Database writes succeed again after {} failed attempts", backoff.failures());
        }
        backoff.reset();
        healthy = true;
    }
}
