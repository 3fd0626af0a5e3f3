package dev.courier.ops.lag;

/** Kafka did not answer a lag sample (unreachable, timed out, a group or topic it refuses to describe). */
public final class LagSampleException extends RuntimeException {

    public LagSampleException(String message, Throwable cause) {
        super(message, cause);
    }
}
