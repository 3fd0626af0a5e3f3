package dev.courier.persistence.internal.decode;

import dev.courier.events.ChatEvent;
import dev.courier.events.Decoded;
import dev.courier.events.MessageSent;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * chat-log values for the sink: the {@link MessageSentFastPath} first (nearly every record), the topic's own decoder
 * for whatever it does not vouch for. Never throws, like the decoder it falls back to.
 */
public final class ChatLogDeserializer implements Deserializer<Decoded<ChatEvent>> {

    private final MessageSentFastPath fastPath;
    private final Deserializer<Decoded<ChatEvent>> fallback;

    public ChatLogDeserializer(MessageSentFastPath fastPath, Deserializer<Decoded<ChatEvent>> fallback) {
        this.fastPath = fastPath;
        this.fallback = fallback;
    }

    @Override
    public Decoded<ChatEvent> deserialize(String topic, byte[] data) {
        MessageSent m = fastPath.decode(data);
        return m != null ? new Decoded.Valid<>(m) : fallback.deserialize(topic, data);
    }
}
