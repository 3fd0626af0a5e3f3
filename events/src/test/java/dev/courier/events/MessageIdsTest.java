package dev.courier.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

    @Test
    @DisplayName("a message id is RFC 9562's UUIDv5 of '<chat>/<sender>/<client id>' in Courier's name-space, from any thread")
    void uuidV5() throws Exception {
        UUID chat = UUID.fromString("0b0e9a52-1a53-4c0e-9a43-6f2d7a1c9e01");
        UUID sender = UUID.fromString("6f1c8a52-0d9e-4c53-8f6e-2b7a1d3c4e5f");
        // Pinned: ids already issued depend on this value never changing.
        assertThat(MessageIds.derive(chat, sender, "c-1")).isEqualTo(UUID.fromString("c0e3d6c0-5ea8-52f1-a3bc-efa86f28e7a6"))
                .isEqualTo(reference(chat, sender, "c-1"));
        List<Integer> ids = IntStream.range(0, 2_000).boxed().toList();
        List<Boolean> same = ids.parallelStream()
                .map(i -> MessageIds.derive(chat, sender, "c-" + i).equals(reference(chat, sender, "c-" + i))).toList();
        assertThat(same).containsOnly(true);
    }

    @Test
    @DisplayName("clients that number messages per chat get a different id in every chat")
    void perChat() {
        UUID sender = UUID.randomUUID();
        assertThat(MessageIds.derive(UUID.randomUUID(), sender, "c-1")).isNotEqualTo(MessageIds.derive(UUID.randomUUID(), sender, "c-1"));
    }

    /** The RFC's procedure written out plainly, independent of the production code's cached digest. */
    private static UUID reference(UUID chat, UUID sender, String clientId) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(ByteBuffer.allocate(16).putLong(MessageIds.NAMESPACE.getMostSignificantBits())
                    .putLong(MessageIds.NAMESPACE.getLeastSignificantBits()).array());
            byte[] h = sha1.digest((chat + "/" + sender + "/" + clientId).getBytes(StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
            return new UUID(b.getLong(), b.getLong());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
