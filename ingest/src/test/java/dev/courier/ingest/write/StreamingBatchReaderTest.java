package dev.courier.ingest.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.Topics;
import dev.courier.ingest.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The streaming fast path must change nothing a client can see: for any body, the batch endpoint's answer (the
 * records published, byte for byte, and the 202 body; or the problem with its status, reason, detail and every
 * field path) is the same as the tree path's. The fast path may only decline, never decide.
 */
class StreamingBatchReaderTest {

    private static final int MAX_CONTENT_BYTES = 64;
    private static final int MAX_ITEMS = 5;
    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30.123456Z");

    private final WriteRequests requests = new WriteRequests(new EventCodec(new EventLimits(MAX_CONTENT_BYTES)),
            new Topics("t.", new EventCodec(new EventLimits(MAX_CONTENT_BYTES))), MAX_ITEMS);
    private final JsonBodies bodies = new JsonBodies();
    private final StreamingBatchReader reader = new StreamingBatchReader(MAX_CONTENT_BYTES, MAX_ITEMS);

    @Property(tries = 4000, edgeCases = EdgeCasesMode.NONE)
    @Label("the fast path and the tree path give the same answer for any batch body")
    void sameAnswerAsTheTreePath(@ForAll("bodies") String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String tree = outcome(() -> requests.batch(bodies.parse(bytes), NOW));
        var items = reader.readValid(bytes);
        String streamed = outcome(() -> items != null ? requests.batch(items, NOW) : requests.batch(bodies.parse(bytes), NOW));
        Statistics.label("path").collect(items != null ? "fast" : tree.startsWith("problem") ? "tree, rejected" : "tree, accepted");
        Statistics.label("path").coverage(c -> c.check("fast").percentage(p -> p > 20));
        assertThat(streamed).as(body).isEqualTo(tree);
        if (items != null) {
            assertThat(tree).as("the fast path accepted what the tree path rejects: %s", body).startsWith("accepted");
        }
    }

    @Example
    @Label("a plain valid batch takes the fast path")
    void validBatchIsFast() {
        String body = "{\"messages\":[" + item(UUID.randomUUID(), "c-1", "hello") + "," + item(UUID.randomUUID(), "c-2", "w\u00f6rld \uD83D\uDE00") + "]}";
        assertThat(reader.readValid(body.getBytes(StandardCharsets.UTF_8))).hasSize(2);
    }

    private static String item(UUID chat, String clientMessageId, String content) {
        return "{\"chatId\":\"" + chat + "\",\"senderId\":\"" + UUID.randomUUID() + "\",\"clientMessageId\":" + quote(clientMessageId)
                + ",\"content\":" + quote(content) + "}";
    }

    private interface Call {
        WriteRequests.Accepted run();
    }

    /** Everything a client could see of the outcome, as text. */
    private static String outcome(Call call) {
        try {
            WriteRequests.Accepted a = call.run();
            StringBuilder sb = new StringBuilder("accepted ").append(a.response()).append('\n');
            for (WriteRequests.Outgoing r : a.records()) {
                sb.append(r.topic()).append(' ').append(r.key()).append(' ')
                        .append(new String(r.value(), StandardCharsets.UTF_8)).append('\n');
            }
            return sb.toString();
        } catch (ApiProblem p) {
            return "problem " + p.status() + " " + p.type() + " " + p.title() + " " + p.detail() + " " + p.errors()
                    + " " + p.headers();
        }
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> items = item().list().ofMinSize(0).ofMaxSize(MAX_ITEMS + 1)
                .map(list -> "[" + String.join(",", list) + "]");
        Arbitrary<String> messages = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, items),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("null", "{}", "\"x\"", "1", "[1,2]", "[null]", "[[]]")));
        Arbitrary<String> body = Combinators.combine(messages, Arbitraries.integers().between(0, 40), whitespace())
                .as((m, how, ws) -> switch (how) {
                    case 0 -> "{\"messages\":" + m + ",\"extra\":1}";
                    case 1 -> "{\"extra\":true," + ws + "\"messages\":" + m + "}";
                    case 2 -> "{\"messages\":" + m + "} {}";
                    case 3 -> "{\"messages\":" + m + ",\"messages\":" + m + "}";
                    case 4 -> "[" + m + "]";
                    case 5 -> "{}";
                    case 6 -> "";
                    default -> ws + "{" + ws + "\"messages\"" + ws + ":" + ws + m + ws + "}" + ws;
                });
        // Now and then cut the body short, anywhere.
        Arbitrary<String> mixed = Combinators.combine(body, Arbitraries.integers().between(0, 30), Arbitraries.integers().between(0, 10_000))
                .as((b, cut, at) -> cut == 0 && !b.isEmpty() ? b.substring(0, at % b.length()) : b);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, mixed), net.jqwik.api.Tuple.of(1, validBody()));
    }

    /** Bodies the tree path accepts, with every kind of valid value: escapes, non-ASCII text, optional sentAt. */
    private Arbitrary<String> validBody() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().withChars(' ', '-', '"', '\\', '/').ofMinLength(1).ofMaxLength(MAX_CONTENT_BYTES)
                        .filter(s -> !s.isBlank()),
                Arbitraries.strings().withCharRange('\u0400', '\u04ff').ofMinLength(1).ofMaxLength(MAX_CONTENT_BYTES / 2),
                Arbitraries.strings().withCharRange('\u0800', '\u0fff').ofMinLength(1).ofMaxLength(MAX_CONTENT_BYTES / 3),
                Arbitraries.of("emoji \uD83D\uDE00", "tab\tnew\nline", "\u2028\u2029\u007f"));
        Arbitrary<String> value = Combinators.combine(text, Arbitraries.integers().between(0, 5))
                .as((s, how) -> how == 0 ? escapeAll(s) : quote(s));
        Arbitrary<String> sentAt = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just(",\"sentAt\":null"),
                Arbitraries.longs().between(-100_000_000_000L, 100_000_000_000L)
                        .map(t -> ",\"sentAt\":" + quote(Instant.ofEpochSecond(t, Math.abs(t % 1_000_000_000)).toString())));
        Arbitrary<String> item = Combinators.combine(value, value, sentAt, Arbitraries.of(true, false)).as((cmid, content, at, upper) -> {
            String chat = upper ? UUID.randomUUID().toString().toUpperCase() : UUID.randomUUID().toString();
            return "{\"chatId\":\"" + chat + "\",\"senderId\":\"" + UUID.randomUUID() + "\",\"clientMessageId\":" + cmid
                    + ",\"content\":" + content + at + "}";
        });
        return Combinators.combine(item.list().ofMinSize(1).ofMaxSize(MAX_ITEMS), whitespace())
                .as((items, ws) -> ws + "{\"messages\":[" + String.join("," + ws, items) + "]}" + ws);
    }

    private Arbitrary<String> item() {
        Arbitrary<List<String[]>> fields = Combinators.combine(
                field("chatId", uuid()), field("senderId", uuid()),
                field("clientMessageId", text(EventLimits.MAX_CLIENT_MESSAGE_ID_LENGTH)), field("content", text(MAX_CONTENT_BYTES)),
                optionalField("sentAt", time()), extraField()).as((a, b, c, d, e, f) -> {
                    List<String[]> all = new ArrayList<>();
                    for (String[] x : java.util.Arrays.asList(a, b, c, d, e, f)) {
                        if (x != null) {
                            all.add(x);
                        }
                    }
                    return all;
                });
        return Combinators.combine(fields, Arbitraries.integers().between(0, 80), whitespace()).as((list, how, ws) -> {
            List<String[]> shuffled = new ArrayList<>(list);
            if (how == 0 && !shuffled.isEmpty()) {
                shuffled.add(shuffled.get(0)); // a duplicate field
            } else if (how == 1) {
                java.util.Collections.reverse(shuffled);
            } else if (how == 2) {
                return "\"not an object\"";
            }
            List<String> parts = new ArrayList<>();
            for (String[] f : shuffled) {
                parts.add(ws + quote(f[0]) + ws + ":" + ws + f[1]);
            }
            return "{" + String.join(",", parts) + ws + "}";
        });
    }

    /** A field, mostly with a good value, sometimes with a wrong one, sometimes left out (null). */
    private static Arbitrary<String[]> field(String name, Arbitrary<String> good) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(80, good),
                net.jqwik.api.Tuple.of(2, wrongType()),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((String) null))).map(v -> v == null ? null : new String[] {name, v});
    }

    private static Arbitrary<String[]> optionalField(String name, Arbitrary<String> good) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, good),
                net.jqwik.api.Tuple.of(1, wrongType()),
                net.jqwik.api.Tuple.of(6, Arbitraries.just((String) null))).map(v -> v == null ? null : new String[] {name, v});
    }

    private static Arbitrary<String[]> extraField() {
        Arbitrary<String> name = Arbitraries.of("type", "v", "messageId", "acceptedAt", "seq", "chatid", "x", "");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Combinators.combine(name, Arbitraries.oneOf(wrongType(), uuid()))
                        .as((n, v) -> new String[] {n, v})),
                net.jqwik.api.Tuple.of(25, Arbitraries.just((String[]) null)));
    }

    private static Arbitrary<String> wrongType() {
        return Arbitraries.of("null", "1", "-0.5", "true", "[]", "{}", "[\"a\"]", "{\"a\":1}", "12345678901234567890123");
    }

    private static Arbitrary<String> uuid() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, Arbitraries.create(() -> quote(UUID.randomUUID().toString()))),
                net.jqwik.api.Tuple.of(2, Arbitraries.create(() -> quote(UUID.randomUUID().toString().toUpperCase()))),
                net.jqwik.api.Tuple.of(2, Arbitraries.create(() -> escapeAll(UUID.randomUUID().toString()))),
                net.jqwik.api.Tuple.of(3, Arbitraries.of("1-2-3-4-5", "00000000-0000-0000-0000-00000000000g",
                        "000000000000000000000000000000000000", "{12345678-1234-1234-1234-123456789abc}", "", " ").map(StreamingBatchReaderTest::quote)));
    }

    /** Text around the limits: short and long, ASCII and not, blank, with NUL, escapes and surrogates. */
    private static Arbitrary<String> text(int limit) {
        Arbitrary<String> plain = Arbitraries.strings().alpha().numeric().withChars(' ', '-').ofMinLength(1).ofMaxLength(limit + 2);
        Arbitrary<String> any = Arbitraries.strings().all().ofMinLength(0).ofMaxLength(limit / 2 + 2);
        Arbitrary<String> wide = Arbitraries.strings().withCharRange('\u0400', '\u04ff').ofMinLength(limit / 3 - 2).ofMaxLength(limit / 2 + 2);
        Arbitrary<String> special = Arbitraries.of("", " ", "\t\n", "a\u0000b", "\u0000", "emoji \uD83D\uDE00", "lone \uD83D",
                "\"quoted\" \\ back /", "\u2028\u2029\u007f", "\u3000");
        Arbitrary<String> value = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(40, plain), net.jqwik.api.Tuple.of(4, any),
                net.jqwik.api.Tuple.of(3, wide), net.jqwik.api.Tuple.of(3, special));
        return Combinators.combine(value, Arbitraries.integers().between(0, 9))
                .as((s, how) -> how == 0 ? escapeAll(s) : quote(s));
    }

    private static Arbitrary<String> time() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(-100_000_000_000L, 100_000_000_000L).map(s -> quote(Instant.ofEpochSecond(s, s % 1000).toString())),
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()).map(s -> quote(Instant.ofEpochSecond(s).toString())),
                Arbitraries.of("2026-01-31T12:00:00Z", "2026-01-31T12:00:00+01:00", "2026-01-31", "yesterday", "", "2026-01-31T12:00:00.123456789Z",
                                "+100000-01-01T00:00:00Z", "0000-12-31T23:59:59Z", "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z")
                        .map(StreamingBatchReaderTest::quote));
    }

    private static Arbitrary<String> whitespace() {
        return Arbitraries.of("", "", "", " ", "\n\t ", "\r\n");
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /** The same string with every character written as a JSON unicode escape. */
    private static String escapeAll(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            sb.append(String.format("\\u%04x", (int) c));
        }
        return sb.append('"').toString();
    }
}
