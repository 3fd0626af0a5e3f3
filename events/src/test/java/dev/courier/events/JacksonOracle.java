package dev.courier.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Jackson's reflective writing of the event records: the reference the codec's shapes are held to. What Jackson
 * writes for a record is the wire format DESIGN §3 describes; the codec must write the same bytes.
 */
final class JacksonOracle {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .addMixIn(CourierEvent.class, EventMixin.class)
            .addMixIn(ChatType.class, WireNameMixin.class)
            .addMixIn(ReceiptKind.class, WireNameMixin.class)
            .addMixIn(RejectReason.class, WireNameMixin.class)
            .build();

    private JacksonOracle() {
    }

    static byte[] encode(CourierEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The envelope first, as DESIGN §3 writes it. */
    @JsonPropertyOrder({"type", "v"})
    abstract static class EventMixin {
        @JsonProperty("type")
        abstract String type();

        @JsonProperty("v")
        abstract int v();
    }

    /** Enums by their wire names. */
    abstract static class WireNameMixin {
        @JsonValue
        abstract String wireName();
    }
}
