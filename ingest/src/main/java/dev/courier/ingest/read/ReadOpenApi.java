package dev.courier.ingest.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The read routes' hand-written OpenAPI fragment ({@code paths} and {@code components}), a resource next to this class. */
final class ReadOpenApi {

    private static final String RESOURCE = "/dev/courier/ingest/read/openapi-read.json";

    private ReadOpenApi() {
    }

    static String fragment() {
        try (InputStream in = ReadOpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the read API's OpenAPI fragment " + RESOURCE + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
