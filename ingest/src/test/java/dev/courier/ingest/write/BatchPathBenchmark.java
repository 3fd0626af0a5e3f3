package dev.courier.ingest.write;

import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * CPU per message of the batch endpoint's own work, without HTTP or Kafka: read and validate a body of 1,000 messages
 * (the one `courier bench ingest` sends), encode each record, write the 202 answer. One thread, 8 rounds of 5 s; the
 * last five are the figure. Run it against two builds, alternating, to compare them (docs/benchmarks-journal.md, "Codec").
 */
public final class BatchPathBenchmark {

    public static void main(String[] args) {
        StringBuilder sb = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < 1000; i++) {
            sb.append(i > 0 ? "," : "").append("{\"chatId\":\"").append(new UUID(1, i % 1000)).append("\",\"senderId\":\"")
                    .append(new UUID(2, i % 7)).append("\",\"clientMessageId\":\"bench-").append(i)
                    .append("\",\"content\":\"lorem ipsum dolor sit amet, consectetur adipiscing elit ").append(i % 10)
                    .append("\"}");
        }
        byte[] body = sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        EventCodec codec = new EventCodec(EventLimits.defaults());
        WriteRequests requests = new WriteRequests(codec, new Topics("t.", codec), 1000);
        long checksum = 0;
        for (int round = 0; round < 8; round++) {
            long start = System.nanoTime();
            long batches = 0;
            while (System.nanoTime() - start < 5_000_000_000L) {
                WriteRequests.Accepted accepted = requests.batch(body, Instant.now());
                checksum += accepted.records().get(999).value().length
                        + WriteRoutes.batchAnswer((WriteRequests.BatchAccepted) accepted.response()).length;
                batches++;
            }
            System.out.printf("round %d: %.0f ns per message (%d batches)%n", round,
                    (System.nanoTime() - start) / (batches * 1000.0), batches);
        }
        System.out.println("checksum " + checksum); // keeps the work from being optimized away
    }
}
