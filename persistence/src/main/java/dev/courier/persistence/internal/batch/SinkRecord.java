package dev.courier.persistence.internal.batch;

import dev.courier.events.CourierEvent;
import dev.courier.events.Decoded;
import org.apache.kafka.common.TopicPartition;

/**
 * One consumed record: where it came from, its key and raw value (kept to report it to {@code rejected} exactly as it
 * was read) and what it decoded to.
 */
public record SinkRecord(TopicPartition partition, long offset, String key, byte[] rawValue,
                         Decoded<? extends CourierEvent> value) {

    public String coordinates() {
        return partition + "@" + offset;
    }
}
