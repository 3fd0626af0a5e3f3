package dev.courier.ingest.write;

import dev.courier.events.internal.json.JsonText;
import dev.courier.ingest.ApiProblem;
import io.javalin.http.Context;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a request body's bytes, with a byte limit (413 beyond it, checked against {@code Content-Length} first and
 * while streaming) and a JSON media type (415 otherwise). {@link WriteRequests} parses them.
 */
public final class JsonBodies {

    /** The body's bytes, unparsed; 413 beyond {@code maxBytes}, checked against {@code Content-Length} first. */
    public byte[] readBytes(Context ctx, long maxBytes) {
        long declared = checkDeclared(ctx, maxBytes);
        try (InputStream in = new Limited(ctx.req().getInputStream(), maxBytes)) {
            // One array of the declared size: no growing and copying of a body that can be megabytes.
            return declared < 0 || declared > Integer.MAX_VALUE - 8 ? in.readAllBytes() : in.readNBytes((int) declared);
        } catch (BodyTooLarge e) {
            throw tooLarge("more than " + maxBytes + " bytes", maxBytes);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private static long checkDeclared(Context ctx, long maxBytes) {
        checkMediaType(ctx.header("Content-Type"));
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(declared + " bytes", maxBytes);
        }
        return declared;
    }

    /**
     * A body declared as something other than JSON is refused (415) before it is read: a form post or plain text would
     * otherwise get a confusing "not valid JSON". No Content-Type at all is read as JSON, as clients that omit it mean.
     */
    static void checkMediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        if (type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"))) {
            return;
        }
        throw new ApiProblem(415, "unsupported_media_type", "Unsupported media type", "Content-Type must be "
                + "application/json, was '" + JsonText.firstLine(contentType) + "'", List.of(), Map.of("Accept-Post", "application/json"));
    }

    /** The client went away or sent a broken chunked body. */
    private static ApiProblem unreadable(IOException e) {
        return ApiProblem.badRequest("malformed_json", "the body could not be read: " + JsonText.firstLine(e.getMessage()));
    }

    private static ApiProblem tooLarge(String size, long maxBytes) {
        return new ApiProblem(413, "body_too_large", "Content too large",
                "the body is " + size + ", over this endpoint's limit of " + maxBytes + " bytes", List.of(), Map.of());
    }

    private static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("body too large", null);
        }
    }

    /** Fails the read once more than {@code max} bytes came in. */
    private static final class Limited extends FilterInputStream {
        private final long max;
        private long count;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++count > max) {
                throw new BodyTooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0 && (count += n) > max) {
                throw new BodyTooLarge();
            }
            return n;
        }
    }
}
