package dev.courier.ops.dlq;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The headers a re-driven record carries: where in {@code rejected} it came from, and how many times its input has
 * been re-driven. The worker copies an input's headers onto the rejection it makes of it, so a record that is still
 * invalid comes back with its count, and nothing re-drives by itself.
 */
public final class Redrive {

    /** {@code <rejected topic>:<partition>:<offset>} of the rejection that was re-driven. */
    public static final String FROM_HEADER = "courier.redriven-from";
    /** How many times this input has been re-driven, as decimal text. */
    public static final String COUNT_HEADER = "courier.redrive-count";

    private Redrive() {
    }

    /** The count carried in {@code headers}; 0 when absent or unreadable. */
    public static int count(Headers headers) {
        Header h = headers.lastHeader(COUNT_HEADER);
        if (h == null || h.value() == null) {
            return 0;
        }
        try {
            return Integer.parseInt(new String(h.value(), StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
