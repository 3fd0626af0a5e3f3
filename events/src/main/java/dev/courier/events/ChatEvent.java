package dev.courier.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An event that changes a chat: read from {@code chat-events.in} without a {@code seq}, written to {@code chat-log}
 * by the delivery worker with the chat's next dense {@code seq}.
 */
public sealed interface ChatEvent extends CourierEvent permits ChatCreated, MemberJoined, MemberLeft, MessageSent {

    UUID chatId();

    /** When ingest (or, for records produced straight to Kafka, the worker) accepted the event; null until stamped. */
    Instant acceptedAt();

    /** The chat's sequence number, assigned by the worker; null on {@code chat-events.in}. */
    Long seq();

    /** This event with its sequence number (and {@code acceptedAt} if it had none) assigned. */
    ChatEvent sequenced(long seq, Instant acceptedAtIfMissing);
}
