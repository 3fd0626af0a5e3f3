package dev.courier.events;

/** {@code direct} (two people) or {@code group}. */
public enum ChatType {
    DIRECT, GROUP;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
