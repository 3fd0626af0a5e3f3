package dev.courier.events;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One Kafka topic as code sees it: its full name, what its key is, the type of its values and the serdes to read
 * and write them, and the topic-level settings it is created with. Code reaches topics through these descriptors,
 * never through a name literal or a default serde.
 *
 * @param config topic-level configuration applied on creation (retention, cleanup policy)
 */
public record Topic<T extends CourierEvent>(String name, KeyedBy keyedBy, Class<T> valueType, EventSerde<T> valueSerde,
                                            DecodedSerde<T> decodedSerde, Map<String, String> config) {

    /** What a topic's record key holds: every chat-scoped topic is keyed by chat id so one task owns a chat. */
    public enum KeyedBy { CHAT_ID, USER_ID }

    public Topic {
        config = Map.copyOf(config);
    }

    public Serde<String> keySerde() {
        return Serdes.String();
    }

    @Override
    public String toString() {
        return name;
    }
}
