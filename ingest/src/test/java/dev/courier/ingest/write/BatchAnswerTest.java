package dev.courier.ingest.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The batch endpoint's 202 body, written into an exact-size array, is byte for byte what the StringBuilder wrote. */
class BatchAnswerTest {

    @Property(tries = 300)
    @Label("the batch answer equals the StringBuilder rendering it replaced")
    void sameBytesAsBefore(@ForAll("answers") WriteRequests.BatchAccepted b) {
        assertThat(new String(WriteRoutes.batchAnswer(b), StandardCharsets.US_ASCII)).isEqualTo(stringBuilderAnswer(b));
    }

    /** The previous implementation, kept here as the reference. */
    private static String stringBuilderAnswer(WriteRequests.BatchAccepted b) {
        StringBuilder sb = new StringBuilder().append("{\"accepted\":").append(b.accepted()).append(",\"results\":[");
        String acceptedAt = b.results().isEmpty() ? null : b.results().get(0).acceptedAt().toString();
        for (int i = 0; i < b.results().size(); i++) {
            WriteRequests.MessageAccepted m = b.results().get(i);
            sb.append(i == 0 ? "" : ",").append("{\"messageId\":\"").append(m.messageId()).append("\",\"chatId\":\"")
                    .append(m.chatId()).append("\",\"acceptedAt\":\"").append(acceptedAt).append("\"}");
        }
        return sb.append("]}").toString();
    }

    @Provide
    Arbitrary<WriteRequests.BatchAccepted> answers() {
        Arbitrary<Instant> now = Arbitraries.longs().between(0, 4_000_000_000L)
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
        return now.flatMap(at -> Arbitraries.integers().between(1, 1000).map(n -> {
            List<WriteRequests.MessageAccepted> results = java.util.stream.IntStream.range(0, n)
                    .mapToObj(i -> new WriteRequests.MessageAccepted(UUID.randomUUID(), UUID.randomUUID(), at)).toList();
            return new WriteRequests.BatchAccepted(n, results);
        }));
    }
}
