package dev.courier.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;

/** Jackson mix-ins that give the records their wire shape without putting Jackson into the event types. */
final class WireFormat {

    private WireFormat() {
    }

    @JsonPropertyOrder({"type", "v"})
    abstract static class EventMixin {
        @JsonProperty("type")
        abstract String type();

        @JsonProperty("v")
        abstract int v();
    }

    abstract static class WireNameMixin {
        @JsonValue
        abstract String wireName();
    }
}
