package dev.courier.worker.internal;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact fixed-width binary forms of the state values (they are written to changelogs for every message, so they are
 * kept small and cheap). The first byte is a format version.
 */
final class StateSerdes {

    private static final byte V1 = 1;

    private StateSerdes() {
    }

    static Serde<ChatHeader> header() {
        Serializer<ChatHeader> ser = (topic, h) -> h == null ? null : ByteBuffer.allocate(26).put(V1)
                .put((byte) (h.group() ? 1 : 0)).putLong(h.latestSeq()).putLong(h.messageCount()).putLong(h.version())
                .array();
        Deserializer<ChatHeader> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = versioned(bytes, 26, topic);
            return new ChatHeader(b.get() == 1, b.getLong(), b.getLong(), b.getLong());
        };
        return Serdes.serdeFrom(ser, de);
    }

    static Serde<Member> member() {
        Serializer<Member> ser = (topic, m) -> m == null ? null : ByteBuffer.allocate(49).put(V1)
                .putLong(m.joinedSeq()).putLong(m.baseSeq()).putLong(m.baseCount()).putLong(m.deliveredSeq())
                .putLong(m.readSeq()).putLong(m.leftCount()).array();
        Deserializer<Member> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = versioned(bytes, 49, topic);
            return new Member(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
        };
        return Serdes.serdeFrom(ser, de);
    }

    private static ByteBuffer versioned(byte[] bytes, int length, String topic) {
        if (bytes.length != length || bytes[0] != V1) {
            throw new SerializationException("unreadable state value in " + topic + ": " + bytes.length
                    + " bytes, format " + (bytes.length > 0 ? bytes[0] : -1));
        }
        return ByteBuffer.wrap(bytes, 1, length - 1);
    }
}
