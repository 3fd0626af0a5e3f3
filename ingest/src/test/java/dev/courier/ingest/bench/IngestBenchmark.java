package dev.courier.ingest.bench;

import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.Topics;
import dev.courier.ingest.ApiKeys;
import dev.courier.ingest.IngestServer;
import dev.courier.ingest.IngestSettings;
import dev.courier.embeddedkafka.EmbeddedKafkaCluster;
import dev.courier.testkit.KafkaTestContext;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * The ingest benchmark (not a test): one JVM runs a single-node embedded KRaft broker, the raw producer
 * ({@code kafka-producer-perf-test}'s {@link ProducerPerformance}, 250-byte records), the {@link IngestServer} and a
 * keep-alive HTTP load generator, all on loopback. Prints a Markdown table. Options (system properties):
 * {@code bench.seconds} (default 20), {@code bench.partitions} (6), {@code bench.connections} (64),
 * {@code bench.batchConnections} (4), {@code bench.rawRecords} (3000000).
 */
public final class IngestBenchmark {

    private static final String KEY = "bench-key";
    private static final int CHATS = 1_000;
    private static final int POOL = 8_192;

    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "20"));
        int partitions = Integer.getInteger("bench.partitions", 6);
        int connections = Integer.getInteger("bench.connections", 64);
        int batchConnections = Integer.getInteger("bench.batchConnections", 4);
        int rawRecords = Integer.getInteger("bench.rawRecords", 3_000_000);
        List<String> report = new ArrayList<>();
        String phases = System.getProperty("bench.phases", "raw,batch,single");

        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().build().start();
             KafkaTestContext kafka = KafkaTestContext.forCluster(cluster)) {
            String bootstrap = cluster.bootstrapServers();
            kafka.createTopics(partitions, "raw", "chat-events.in", "receipts.in");
            String rawTopic = kafka.topic("raw");
            String producerProps = "bootstrap.servers=" + bootstrap + " acks=all enable.idempotence=true linger.ms=5 batch.size=65536";

            double rawRate = Double.NaN;
            if (phases.contains("raw")) {
                log("raw producer warm-up");
                raw(rawTopic, rawRecords / 3, producerProps);
                rawRate = raw(rawTopic, rawRecords, producerProps);
                report.add(row("raw producer (ProducerPerformance, 250 B, acks=all, linger.ms=5, batch.size=64K)", rawRate, "records/s"));
                double rawDefaults = raw(rawTopic, rawRecords, "bootstrap.servers=" + bootstrap);
                report.add(row("raw producer (ProducerPerformance, 250 B, producer defaults)", rawDefaults, "records/s"));
            }

            Topics topics = new Topics(kafka.topicPrefix(), new EventCodec(EventLimits.defaults()));
            IngestSettings settings = IngestSettings.defaults(ApiKeys.parse(KEY + ":produce")).withHost("127.0.0.1").withPort(0);
            IngestServer server = new IngestServer(settings, topics, Map.of("bootstrap.servers", bootstrap),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            server.start();
            try {
                int port = server.port();
                IntFunction<byte[]> batches = pool(64, i -> HttpLoad.post("/v1/messages:batch", KEY, batchBody(i)));
                if (phases.contains("batch")) {
                log("batch warm-up");
                HttpLoad.closedLoop(port, batchConnections, seconds / 2, batches);
                log("batch");
                HttpLoad.Result batch = HttpLoad.closedLoop(port, batchConnections, seconds, batches);
                report.add(row("POST /v1/messages:batch, 1,000 per batch, " + batchConnections + " connections",
                        batch.perSecond() * 1000, "messages/s") + " (" + fmt(batch.perSecond()) + " batches/s, p50 "
                        + ms(batch.percentile(0.5)) + ", p99 " + ms(batch.percentile(0.99)) + ", non-202: " + batch.non202()
                        + ") = " + pct(batch.perSecond() * 1000 / rawRate) + " of raw");
                }

                IntFunction<byte[]> singles = pool(POOL, i -> HttpLoad.post("/v1/chats/" + chat(i) + "/messages", KEY,
                        messageBody(i, false)));
                if (phases.contains("single")) {
                log("single warm-up");
                HttpLoad.closedLoop(port, connections, seconds / 2, singles);
                log("single, max");
                HttpLoad.Result max = HttpLoad.closedLoop(port, connections, seconds, singles);
                report.add(row("POST /v1/chats/{id}/messages, max, " + connections + " connections", max.perSecond(),
                        "requests/s") + " (p50 " + ms(max.percentile(0.5)) + ", p99 " + ms(max.percentile(0.99))
                        + ", non-202: " + max.non202() + ")");
                double half = max.perSecond() / 2;
                log("single, 50% of max");
                HttpLoad.Result at50 = HttpLoad.openLoop(port, connections, seconds, half, singles);
                report.add(row("POST /v1/chats/{id}/messages at 50% of max (" + fmt(half) + "/s offered)",
                        at50.perSecond(), "requests/s") + " (p50 " + ms(at50.percentile(0.5)) + ", p99 "
                        + ms(at50.percentile(0.99)) + ", p99.9 " + ms(at50.percentile(0.999)) + ", non-202: " + at50.non202() + ")");
                }
            } finally {
                server.stop();
            }
            if (phases.contains("raw")) {
                double rawAfter = raw(rawTopic, rawRecords, producerProps);
                report.add(row("raw producer again, after the HTTP runs (same settings as the first)", rawAfter, "records/s"));
            }
        }
        System.out.println();
        System.out.println("| measurement | result |");
        System.out.println("|---|---|");
        report.forEach(r -> System.out.println(r + " |"));
        System.exit(0);
    }

    /** Runs ProducerPerformance in this JVM and returns its records/s (parsed from its summary line). */
    private static double raw(String topic, int records, String props) throws Exception {
        List<String> args = new ArrayList<>(List.of("--topic", topic, "--num-records", Integer.toString(records),
                "--record-size", "250", "--throughput", "-1", "--producer-props"));
        args.addAll(List.of(props.split(" ")));
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ProducerPerformance.main(args.toArray(String[]::new));
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th")
                .matcher(out);
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        if (last == null) {
            throw new IllegalStateException("no summary from ProducerPerformance: " + out);
        }
        log("ProducerPerformance: " + last);
        Matcher rate = Pattern.compile("records sent, ([\\d.]+) records/sec").matcher(last);
        rate.find();
        return Double.parseDouble(rate.group(1));
    }

    private static byte[] batchBody(int n) {
        StringBuilder sb = new StringBuilder(200_000).append("{\"messages\":[");
        for (int i = 0; i < 1000; i++) {
            sb.append(i == 0 ? "" : ",").append(new String(messageBody(n * 1000 + i, true), StandardCharsets.UTF_8));
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A message whose MessageSent record on the topic is about 250 bytes (like the raw producer's records). */
    private static byte[] messageBody(int i, boolean withChat) {
        String json = (withChat ? "{\"chatId\":\"" + chat(i) + "\"," : "{") + "\"senderId\":\"" + sender(i)
                + "\",\"clientMessageId\":\"bench-" + i + "\",\"content\":\"" + "lorem ipsum dolor sit amet, consectetur adipiscing elit " + (i % 10) + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static UUID chat(int i) {
        return new UUID(0x1234_5678_9abc_4defL, 0x8000_0000_0000_0000L | (i % CHATS));
    }

    private static UUID sender(int i) {
        return new UUID(0x2234_5678_9abc_4defL, 0x8000_0000_0000_0000L | (i % 97));
    }

    private static IntFunction<byte[]> pool(int size, IntFunction<byte[]> make) {
        byte[][] requests = new byte[size][];
        for (int i = 0; i < size; i++) {
            requests[i] = make.apply(i);
        }
        return i -> requests[Math.floorMod(i, size)];
    }

    private static String row(String what, double rate, String unit) {
        return "| " + what + " | " + fmt(rate) + " " + unit;
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%,.0f", d);
    }

    private static String pct(double d) {
        return String.format(Locale.ROOT, "%.0f%%", d * 100);
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    private static void log(String s) {
        System.err.println("[bench] " + s);
    }
}
