package dev.courier.events;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The strict serde of a topic's values: writes JSON; reading a bad value throws {@link EventDecodingException}
 * (which carries the precise {@link Decoded.Invalid}). For reading untrusted topics use {@link DecodedSerde}.
 */
public final class EventSerde<T extends CourierEvent> implements Serde<T> {

    private final EventCodec codec;
    private final Class<T> type;

    public EventSerde(EventCodec codec, Class<T> type) {
        this.codec = codec;
        this.type = type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, event) -> event == null ? null : codec.encode(event);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            Decoded<T> decoded = codec.decode(bytes, type);
            if (decoded instanceof Decoded.Invalid<T> invalid) {
                throw new EventDecodingException(topic, invalid);
            }
            return ((Decoded.Valid<T>) decoded).event();
        };
    }

    /** A value on {@code topic} that is not a valid event of the expected type. */
    public static final class EventDecodingException extends SerializationException {
        private final transient Decoded.Invalid<?> invalid;

        public EventDecodingException(String topic, Decoded.Invalid<?> invalid) {
            super("invalid value on " + topic + " (" + invalid.reason().wireName() + "): " + invalid.detail());
            this.invalid = invalid;
        }

        public Decoded.Invalid<?> invalid() {
            return invalid;
        }
    }
}
