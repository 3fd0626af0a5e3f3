package dev.courier.events;

/** Which watermark a receipt moves. Read implies delivered. */
public enum ReceiptKind {
    DELIVERED, READ;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
