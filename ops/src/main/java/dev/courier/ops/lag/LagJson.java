package dev.courier.ops.lag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON form of a {@link LagReport}, shared by {@code courier lag --json} and {@code GET /v1/ops/lag}: times
 * as ISO-8601 strings, the window as an ISO-8601 duration, statuses by name, absent values as null (every field is
 * always present).
 */
public final class LagJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .build();

    private LagJson() {
    }

    public static byte[] bytes(LagReport report) {
        try {
            return MAPPER.writeValueAsBytes(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a lag report always serializes: " + e.getOriginalMessage(), e);
        }
    }
}
