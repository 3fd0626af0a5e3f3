package dev.courier.ops.dlq;

import dev.courier.events.Rejected;

/**
 * One record of the {@code rejected} topic.
 *
 * @param redriveCount how many times its input was re-driven before this rejection (0 for a first rejection)
 */
public record DlqEntry(int partition, long offset, Rejected rejected, int redriveCount) {

    /** {@code partition:offset}, as {@code courier dlq list} prints it and {@code courier dlq show} takes it. */
    public String position() {
        return partition + ":" + offset;
    }
}
