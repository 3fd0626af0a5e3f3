package dev.courier.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Derives a message's id as the RFC 9562 UUIDv5 of its chat, sender and client message id: ingest and the worker
 * compute the same id independently, and a retried send gets the id of the first. The chat is part of the name
 * because clients commonly number their messages per chat ("c-1" in every chat): without it, the same sender's first
 * message in two chats would share one id.
 */
public final class MessageIds {

    /** Courier's fixed name-space for message ids (never change it: ids already issued depend on it). */
    public static final UUID NAMESPACE = UUID.fromString("8f3c2a4e-6b1d-5e7f-9a0b-c1d2e3f4a5b6");

    /**
     * SHA-1 that has already digested the name-space. Never updated after class initialisation, only cloned: a clone
     * is much cheaper than {@code MessageDigest.getInstance} (a provider lookup), which ingest would otherwise pay
     * per message.
     */
    private static final MessageDigest NAMESPACED = namespaced();

    private MessageIds() {
    }

    public static UUID derive(UUID chatId, UUID senderId, String clientMessageId) {
        MessageDigest sha1;
        try {
            sha1 = (MessageDigest) NAMESPACED.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the platform's SHA-1 cannot be cloned", e);
        }
        // The name is "<chat>/<sender>/<client id>": UUIDs have a fixed length, so the client id, which may contain
        // '/', cannot make two different triples spell the same name.
        sha1.update((chatId + "/" + senderId + "/" + clientMessageId).getBytes(StandardCharsets.UTF_8));
        byte[] h = sha1.digest();
        h[6] = (byte) ((h[6] & 0x0f) | 0x50); // version 5
        h[8] = (byte) ((h[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
        return new UUID(b.getLong(), b.getLong());
    }

    private static MessageDigest namespaced() {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(toBytes(NAMESPACE));
            return sha1;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    private static byte[] toBytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }
}
