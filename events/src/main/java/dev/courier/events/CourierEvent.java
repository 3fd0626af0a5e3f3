package dev.courier.events;

/**
 * Every value Courier writes to or reads from Kafka. On the wire each is a JSON object whose {@code type}
 * field names the record (its {@link #type()}) and whose {@code v} field is the schema version
 * ({@link #SCHEMA_VERSION}); the remaining fields are the record components.
 */
public sealed interface CourierEvent
        permits ChatEvent, ReceiptSubmitted, ReceiptAdvanced, Delivery, UnreadChanged, Rejected {

    /** The schema version this build writes and the newest it reads. */
    int SCHEMA_VERSION = 1;

    /** The wire discriminator: the simple name of the record, e.g. {@code MessageSent}. */
    default String type() {
        return getClass().getSimpleName();
    }

    /** The schema version on the wire; always {@link #SCHEMA_VERSION} for events this build creates. */
    default int v() {
        return SCHEMA_VERSION;
    }
}
