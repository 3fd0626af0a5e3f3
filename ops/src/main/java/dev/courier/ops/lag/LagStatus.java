package dev.courier.ops.lag;

/**
 * A partition's or a group's health over a window of samples, by Burrow's evaluation rules (see {@link LagEvaluator}).
 * The gauge value is what {@code courier_consumer_lag_status} publishes.
 */
public enum LagStatus {
    /** Caught up, or consuming and not falling behind. */
    OK(0, 0),
    /** Consuming, but the lag grew in every interval of the window. */
    WARN(1, 1),
    /** A committed offset went backwards (a reset or replay, or a consumer re-committing old offsets). */
    REWIND(2, 1),
    /** Members are in the group, the offset has not moved over the window, and there is lag. */
    STALL(3, 2),
    /** No member is consuming, the offset has not moved over the window, and there is lag. */
    STOP(4, 2),
    /** A group with a partition in STALL or STOP. */
    ERR(5, 2);

    private final int gauge;
    private final int exitCode;

    LagStatus(int gauge, int exitCode) {
        this.gauge = gauge;
        this.exitCode = exitCode;
    }

    /** The value of the status gauge: higher is worse. */
    public int gauge() {
        return gauge;
    }

    /** {@code courier lag}'s exit code for this status: 0 OK, 1 WARN or REWIND, 2 STALL, STOP or ERR. */
    public int exitCode() {
        return exitCode;
    }
}
