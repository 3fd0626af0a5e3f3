package dev.courier.events;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The forgiving serde of a topic's values: reading never throws, it yields {@link Decoded}, so one bad record
 * cannot stop a consumer or a Streams task. Writing a {@link Decoded.Invalid} writes its raw text back unchanged.
 */
public final class DecodedSerde<T extends CourierEvent> implements Serde<Decoded<T>> {

    private final EventCodec codec;
    private final Class<T> type;

    public DecodedSerde(EventCodec codec, Class<T> type) {
        this.codec = codec;
        this.type = type;
    }

    @Override
    public Serializer<Decoded<T>> serializer() {
        return (topic, decoded) -> {
            if (decoded instanceof Decoded.Valid<T> valid) {
                return codec.encode(valid.event());
            }
            if (decoded instanceof Decoded.Invalid<T> invalid && invalid.raw() != null) {
                return invalid.raw().getBytes(StandardCharsets.UTF_8);
            }
            return null;
        };
    }

    @Override
    public Deserializer<Decoded<T>> deserializer() {
        return (topic, bytes) -> codec.decode(bytes, type);
    }
}
