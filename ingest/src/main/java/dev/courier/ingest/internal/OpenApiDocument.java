package dev.courier.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /openapi.json}: the hand-written OpenAPI 3.1 document of the write side and the open endpoints (a resource
 * next to this class's package), with the read side's fragment merged in.
 */
public final class OpenApiDocument {

    private static final String RESOURCE = "/dev/courier/ingest/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private final ObjectNode document;
    private final byte[] bytes;

    public OpenApiDocument(ObjectMapper mapper, String fragment) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is missing from the build");
            }
            this.document = (ObjectNode) mapper.readTree(in);
            if (fragment != null && !fragment.isBlank()) {
                merge(document, mapper.readTree(fragment));
            }
            this.bytes = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document or the read routes' fragment", e);
        }
    }

    private static void merge(ObjectNode into, JsonNode fragment) {
        if (!fragment.isObject()) {
            throw new IllegalArgumentException("the read routes' OpenAPI fragment must be a JSON object with 'paths'");
        }
        mergeObject(into.withObjectProperty("paths"), fragment.path("paths"), "paths");
        JsonNode components = fragment.path("components");
        for (Iterator<Map.Entry<String, JsonNode>> it = components.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> section = it.next();
            mergeObject(into.withObjectProperty("components").withObjectProperty(section.getKey()), section.getValue(), "components." + section.getKey());
        }
    }

    /** Adds each member of {@code from}; a path present on both sides gets the union of its operations. */
    private static void mergeObject(ObjectNode into, JsonNode from, String where) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = into.get(e.getKey());
            if (existing == null) {
                into.set(e.getKey(), e.getValue());
            } else if (where.equals("paths") && existing.isObject() && e.getValue().isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> ops = e.getValue().fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    if (existing.has(op.getKey())) {
                        throw new IllegalArgumentException("the read routes' OpenAPI fragment redefines "
                                + op.getKey().toUpperCase(Locale.ROOT) + " " + e.getKey());
                    }
                    ((ObjectNode) existing).set(op.getKey(), op.getValue());
                }
            } else {
                throw new IllegalArgumentException("the read routes' OpenAPI fragment redefines " + where + "." + e.getKey());
            }
        }
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Every documented operation as {@code METHOD path}, e.g. {@code POST /v1/chats}. */
    public Set<String> operations() {
        Set<String> ops = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String m = methods.next();
                if (METHODS.contains(m)) {
                    ops.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return ops;
    }
}
