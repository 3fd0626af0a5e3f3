package dev.courier.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.persistence.HistoryPage;
import dev.courier.persistence.StoredMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The history JSON is byte for byte what the plain writer (every field through {@code writeStringField} and
 * {@code toString()}, the code {@link ReadJson} replaced) produces, for any page: odd text, nulls, any instant.
 */
class ReadJsonTest {

    private static final JsonFactory JSON = new JsonFactory();

    @Property(tries = 1500)
    @Label("a history page's JSON is identical to the plain writer's")
    void page(@ForAll("pages") HistoryPage page) throws IOException {
        assertThat(new String(ReadJson.page(page), StandardCharsets.UTF_8))
                .isEqualTo(new String(plainPage(page), StandardCharsets.UTF_8));
        new ObjectMapper().readTree(ReadJson.page(page)); // and it parses
    }

    @Property(tries = 500)
    @Label("a search answer's JSON is identical to the plain writer's")
    void messages(@ForAll("pages") HistoryPage page) throws IOException {
        assertThat(ReadJson.messages(page.messages())).isEqualTo(plainMessages(page.messages()));
    }

    @Provide
    Arbitrary<HistoryPage> pages() {
        Arbitrary<UUID> uuids = Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2())).injectNull(0.05);
        Arbitrary<Instant> instants = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 4_102_444_800L).tuple2().map(t -> Instant.ofEpochSecond(t.get1(), t.get2() % 1_000_000_000)),
                Arbitraries.longs().between(0, 4_102_444_800L).map(s -> Instant.ofEpochSecond(s, (s % 1000) * 1_000_000)),
                Arbitraries.longs().between(0, 4_102_444_800L).map(s -> Instant.ofEpochSecond(s, (s % 1_000_000) * 1_000)),
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()).map(Instant::ofEpochSecond))
                .injectNull(0.05);
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().all().ofMaxLength(40), Arbitraries.strings().ascii().ofMaxLength(200))
                .injectNull(0.02);
        Arbitrary<StoredMessage> message = Builders.withBuilder(() -> new Object[9])
                .use(uuids).in((a, v) -> set(a, 0, v))
                .use(uuids).in((a, v) -> set(a, 1, v))
                .use(Arbitraries.longs().between(0, Long.MAX_VALUE)).in((a, v) -> set(a, 2, v))
                .use(uuids).in((a, v) -> set(a, 3, v))
                .use(text).in((a, v) -> set(a, 4, v))
                .use(text).in((a, v) -> set(a, 5, v))
                .use(instants).in((a, v) -> set(a, 6, v))
                .use(instants).in((a, v) -> set(a, 7, v))
                .use(instants).in((a, v) -> set(a, 8, v))
                .build(a -> new StoredMessage((UUID) a[0], (UUID) a[1], (Long) a[2], (UUID) a[3], (String) a[4],
                        (String) a[5], (Instant) a[6], (Instant) a[7], (Instant) a[8]));
        Arbitrary<Long> nextBefore = Arbitraries.longs().between(1, Long.MAX_VALUE).injectNull(0.3);
        return net.jqwik.api.Combinators.combine(message.list().ofMaxSize(60), nextBefore).as(HistoryPage::new);
    }

    private static Object[] set(Object[] a, int i, Object v) {
        a[i] = v;
        return a;
    }

    // The plain writer, as ReadJson wrote it before pre-encoded names and ASCII UUIDs and instants.

    private static byte[] plainPage(HistoryPage page) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            plainMessages(g, page.messages());
            if (page.nextBefore() == null) {
                g.writeNullField("nextBefore");
            } else {
                g.writeNumberField("nextBefore", page.nextBefore());
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static byte[] plainMessages(List<StoredMessage> messages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            plainMessages(g, messages);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void plainMessages(JsonGenerator g, List<StoredMessage> messages) throws IOException {
        g.writeArrayFieldStart("messages");
        for (StoredMessage m : messages) {
            g.writeStartObject();
            plain(g, "messageId", m.messageId());
            plain(g, "chatId", m.chatId());
            g.writeNumberField("seq", m.seq());
            plain(g, "senderId", m.senderId());
            g.writeStringField("clientMessageId", m.clientMessageId());
            g.writeStringField("content", m.content());
            plain(g, "sentAt", m.sentAt());
            plain(g, "acceptedAt", m.acceptedAt());
            plain(g, "persistedAt", m.persistedAt());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void plain(JsonGenerator g, String name, Object value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value.toString());
        }
    }
}
