package dev.courier.ingest.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.courier.events.internal.json.AsciiBytes;
import dev.courier.events.internal.json.IsoInstants;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * How the API writes its read answers (history pages, receipts, unread): Jackson's streaming generator into one array,
 * field names pre-encoded by the caller, and UUIDs and instants as the events write them (raw ASCII, no
 * {@code toString()}, which for an instant goes through {@code DateTimeFormatter}). The 202 answers of message writes,
 * all fixed-length ASCII, have one exact-size writer of their own ({@code WriteRoutes}).
 */
public final class JsonAnswers {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonAnswers() {
    }

    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    public static byte[] write(int sizeHint, Body body) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(sizeHint);
             JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            body.write(g);
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
    }

    /**
     * With its {@code Content-Length}, in one write straight to the servlet response: Jetty then sends the head and the
     * whole body at once (an unknown length made it a chunked answer with a separate write for the closing chunk), and
     * the bytes skip Javalin's result path, which copied them through an input stream and its compression wrapper in
     * 8 KB pieces (a tenth of the read path's CPU in a profile of the history benchmark).
     */
    public static void send(Context ctx, byte[] json) {
        ctx.contentType("application/json");
        ctx.res().setContentLength(json.length);
        try {
            ctx.res().getOutputStream().write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the answer", e); // the client went away
        }
    }

    /** Room for one UUID or instant, for {@link #uuid} and {@link #instant}. */
    public static byte[] scratch() {
        return new byte[Math.max(36, IsoInstants.MAX_WRITTEN)];
    }

    public static void uuid(JsonGenerator g, UUID value, byte[] scratch) throws IOException {
        if (value == null) {
            g.writeNull();
        } else {
            g.writeRawUTF8String(scratch, 0, AsciiBytes.put(scratch, 0, value)); // hex and '-': nothing to escape
        }
    }

    public static void instant(JsonGenerator g, Instant value, byte[] scratch) throws IOException {
        if (value == null) {
            g.writeNull();
            return;
        }
        int length = IsoInstants.write(value, scratch, 0);
        if (length < 0) {
            g.writeString(value.toString()); // a year outside 0..9999
        } else {
            g.writeRawUTF8String(scratch, 0, length); // digits, '-', ':', 'T', '.', 'Z': nothing to escape
        }
    }
}
