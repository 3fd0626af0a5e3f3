package dev.courier.persistence.internal.loop;

/** Capped exponential backoff on a nanosecond clock: initial, 2×, 4×, ... up to max; reset on success. */
final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private int failures;
    private long nextAttemptAt;

    Backoff(long initialNanos, long maxNanos) {
        this.initialNanos = initialNanos;
        this.maxNanos = maxNanos;
    }

    /** Records a failure at {@code now}; returns the delay until the next attempt. */
    long failed(long now) {
        long delay = initialNanos << Math.min(failures, 30);
        delay = delay <= 0 || delay > maxNanos ? maxNanos : delay;
        failures++;
        nextAttemptAt = now + delay;
        return delay;
    }

    void reset() {
        failures = 0;
    }

    int failures() {
        return failures;
    }

    boolean due(long now) {
        return failures == 0 || now - nextAttemptAt >= 0;
    }

    long nanosUntilDue(long now) {
        return due(now) ? 0 : nextAttemptAt - now;
    }
}
