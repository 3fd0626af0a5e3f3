package dev.courier.ops.replay;

import java.time.Duration;
import java.time.Instant;

/** Where {@code courier replay} moves a group's offsets: the options of {@code kafka-consumer-groups --reset-offsets}. */
public sealed interface ResetTarget {

    /** The first record at or after a time. */
    record ToDatetime(Instant time) implements ResetTarget {
    }

    /** The first record at or after now minus a duration. */
    record ByDuration(Duration duration) implements ResetTarget {
    }

    /** This offset on every partition (clamped to the log). */
    record ToOffset(long offset) implements ResetTarget {
    }

    /** The current offset moved by this many records (negative: back). */
    record ShiftBy(long records) implements ResetTarget {
    }

    /** The log start. */
    record ToEarliest() implements ResetTarget {
    }

    /** The end: skip everything not yet read. */
    record ToLatest() implements ResetTarget {
    }
}
