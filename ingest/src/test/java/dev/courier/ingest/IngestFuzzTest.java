package dev.courier.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Throws thousands of random requests at the API over real HTTP (the producer is a MockProducer, so every publish
 * is counted): never a 5xx, never a publish for a rejected request, and a 202 publishes exactly what it accepted.
 */
class IngestFuzzTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> FIELD_NAMES = List.of("senderId", "clientMessageId", "content", "sentAt", "chatId",
            "type", "title", "createdBy", "members", "userId", "kind", "upToSeq", "messages", "v", "messageId", "seq", "");

    private static MockGateway gateway;

    @BeforeContainer
    static void start() {
        gateway = new MockGateway(true, IngestSettings.defaults(TestApi.KEYS).withHost("127.0.0.1").withPort(0)
                .withLimits(new dev.courier.events.EventLimits(256)).withMaxBatchItems(20), Optional.empty());
    }

    @AfterContainer
    static void stop() {
        gateway.close();
    }

    /** One request to fire: method, path and raw body. */
    record Shot(String method, String path, String body) {
    }

    @Property(tries = 1500)
    @Label("random bytes and random JSON-ish text: never a 5xx, never a publish unless 202")
    void garbageBodies(@ForAll("garbageShots") Shot shot) {
        fire(shot);
    }

    @Property(tries = 2500)
    @Label("structurally plausible bodies with random fields, types and values: never a 5xx, a publish only for a 202")
    void plausibleBodies(@ForAll("plausibleShots") Shot shot) {
        fire(shot);
    }

    @Property(tries = 1500)
    @Label("valid bodies with one field dropped, replaced or added: a 202 publishes exactly what it accepted, else nothing")
    void nearlyValidBodies(@ForAll("nearlyValidShots") Shot shot) {
        fire(shot);
    }

    private static void fire(Shot shot) {
        int before = gateway.published().size();
        HttpRequest.Builder request = gateway.api.request(shot.path(), TestApi.PRODUCER_KEY);
        TestApi.Response r = gateway.api.send("DELETE".equals(shot.method())
                ? request.method("DELETE", HttpRequest.BodyPublishers.ofString(shot.body()))
                : request.POST(HttpRequest.BodyPublishers.ofString(shot.body())));
        int published = gateway.published().size() - before;
        net.jqwik.api.statistics.Statistics.label("status").collect(r.status());

        assertThat(r.status()).as("%s %s %s -> %s", shot.method(), shot.path(), shot.body(), r).isLessThan(500);
        if (r.status() == 202) {
            int expected = shot.path().equals("/v1/messages:batch") ? r.json().get("accepted").asInt() : 1;
            assertThat(published).as("published for %s", r).isEqualTo(expected);
        } else {
            assertThat(r.status()).as(r.toString()).isIn(400, 404, 405, 413);
            assertThat(published).as("published for rejected %s %s %s -> %s", shot.method(), shot.path(), shot.body(), r)
                    .isZero();
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            if (r.status() == 400 && r.json().get("type").asText().endsWith("invalid_fields")) {
                assertThat(r.json().get("errors")).isNotEmpty();
            }
        }
    }

    @Provide
    Arbitrary<Shot> garbageShots() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withChars("{}[]\":,0123456789.eE-+ truefalsnul\\u\n\t").ofMaxLength(300));
        return Combinators.combine(routes(), text).as((route, body) -> new Shot(route[0], route[1], body));
    }

    @Provide
    Arbitrary<Shot> plausibleShots() {
        return Combinators.combine(routes(), json(2)).as((route, body) -> new Shot(route[0], route[1], body.toString()));
    }

    @Provide
    Arbitrary<Shot> nearlyValidShots() {
        Arbitrary<Integer> route = Arbitraries.integers().between(0, 4);
        Arbitrary<String> field = Arbitraries.of(FIELD_NAMES);
        Arbitrary<Integer> mutation = Arbitraries.integers().between(0, 3);
        return Combinators.combine(route, field, mutation, value(1)).as((which, name, how, v) -> {
            String chat = UUID.randomUUID().toString();
            ObjectNode body = F.objectNode();
            ObjectNode target = body;
            String path;
            switch (which) {
                case 0 -> {
                    path = "/v1/chats";
                    body.put("type", "group").put("createdBy", UUID.randomUUID().toString()).put("title", "t");
                    body.putArray("members").add(UUID.randomUUID().toString());
                }
                case 1 -> {
                    path = "/v1/chats/" + chat + "/members";
                    body.put("userId", UUID.randomUUID().toString());
                }
                case 2 -> {
                    path = "/v1/chats/" + chat + "/receipts";
                    body.put("userId", UUID.randomUUID().toString()).put("kind", "read").put("upToSeq", 7);
                }
                case 3 -> {
                    path = "/v1/messages:batch";
                    ArrayNode items = body.putArray("messages");
                    for (int i = 0; i < 3; i++) {
                        items.add(validMessage().sample());
                    }
                    target = (ObjectNode) items.get(1);
                }
                default -> {
                    path = "/v1/chats/" + chat + "/messages";
                    body.put("senderId", UUID.randomUUID().toString()).put("clientMessageId", "c").put("content", "hi");
                }
            }
            switch (how) {
                case 0 -> target.remove(target.fieldNames().next());
                case 1 -> target.set(target.fieldNames().next(), v);
                case 2 -> target.set(name, v);
                default -> { } // left valid
            }
            return new Shot("POST", path, body.toString());
        });
    }

    private static Arbitrary<String[]> routes() {
        Arbitrary<String> id = Arbitraries.oneOf(
                Arbitraries.create(() -> UUID.randomUUID().toString()),
                Arbitraries.of("x", "1-2-3-4-5", "00000000-0000-0000-0000-00000000000g", "0B0E9A52-1A53-4C0E-9A43-6F2D7A1C9E01",
                        "%20", "%00", "..", "a%2Fb"));
        return Combinators.combine(Arbitraries.integers().between(0, 6), id, id).as((which, chat, user) -> switch (which) {
            case 0 -> new String[] {"POST", "/v1/chats"};
            case 1 -> new String[] {"POST", "/v1/chats/" + chat + "/members"};
            case 2 -> new String[] {"DELETE", "/v1/chats/" + chat + "/members/" + user};
            case 3, 4 -> new String[] {"POST", "/v1/chats/" + chat + "/messages"};
            case 5 -> new String[] {"POST", "/v1/messages:batch"};
            default -> new String[] {"POST", "/v1/chats/" + chat + "/receipts"};
        });
    }

    /** A JSON object whose field names are mostly the API's and whose values are anything, sometimes right. */
    private static Arbitrary<JsonNode> json(int depth) {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of(FIELD_NAMES), Arbitraries.strings().ofMaxLength(10));
        Arbitrary<JsonNode> value = value(depth);
        return Arbitraries.maps(name, value).ofMaxSize(7).map(m -> {
            ObjectNode o = F.objectNode();
            m.forEach(o::set);
            return o;
        });
    }

    private static Arbitrary<JsonNode> value(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                Arbitraries.create(() -> F.textNode(UUID.randomUUID().toString())),
                Arbitraries.of("direct", "group", "read", "delivered", "", " ", "2026-01-31T12:00:00Z", "yesterday", "c-1",
                                "+100000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z")
                        .map(s -> (JsonNode) F.textNode(s)),
                Arbitraries.strings().ofMaxLength(300).map(s -> (JsonNode) F.textNode(s)),
                Arbitraries.longs().map(l -> (JsonNode) F.numberNode(l)),
                Arbitraries.of(0L, 1L, -1L, 42L).map(l -> (JsonNode) F.numberNode(l)),
                Arbitraries.doubles().map(d -> (JsonNode) F.numberNode(d)),
                Arbitraries.just(F.numberNode(new BigInteger("123456789012345678901234567890"))),
                Arbitraries.of(true, false).map(b -> (JsonNode) F.booleanNode(b)),
                Arbitraries.just(F.nullNode()));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> array = Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(8).map(list -> {
            ArrayNode a = F.arrayNode();
            list.forEach(a::add);
            return a;
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, leaf),
                net.jqwik.api.Tuple.of(2, array),
                net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> json(depth - 1))),
                net.jqwik.api.Tuple.of(3, validMessage()));
    }

    /** A valid batch item or message body (chatId included): lets the fuzzer reach the publish path. */
    private static Arbitrary<JsonNode> validMessage() {
        return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).map(content -> {
            ObjectNode o = F.objectNode();
            o.put("chatId", UUID.randomUUID().toString());
            o.put("senderId", UUID.randomUUID().toString());
            o.put("clientMessageId", "fuzz-" + content);
            o.put("content", content);
            return o;
        });
    }
}
