package dev.courier.bench.ingest;

import dev.courier.bench.BenchEnvironment;
import dev.courier.bench.BenchPhase;
import dev.courier.bench.BenchTopics;
import dev.courier.bench.ClosedLoop;
import dev.courier.bench.CpuClock;
import dev.courier.bench.Distribution;
import dev.courier.bench.Figure;
import dev.courier.bench.PhaseResult;
import dev.courier.bench.http.HttpConnection;
import dev.courier.ingest.ApiKeys;
import dev.courier.ingest.IngestServer;
import dev.courier.ingest.IngestSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Ingest's HTTP API, single-message and batch POSTs from closed-loop clients, against a raw producer with ingest's
 * producer settings (acks=all, idempotent) sending records of the size ingest writes, to the same broker, in one run.
 */
public final class IngestPhase implements BenchPhase {

    private static final String KEY = "bench-key";
    private static final int DEFAULT_SECONDS = 15;
    private static final int PARTITIONS = 6;
    // A single POST waits for its acknowledgement, linger included: 16 callers measured its latency, not capacity.
    private static final int CONNECTIONS = 64;
    private static final int BATCH_CONNECTIONS = 4;
    private static final int BATCH = 500;
    private static final int CHATS = 1_000;
    private static final int RECORD_BYTES = 250;

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public String description() {
        return "HTTP POSTs (single and batch) against a raw Kafka producer with ingest's settings";
    }

    @Override
    public PhaseResult run(BenchEnvironment env) throws Exception {
        long started = System.nanoTime();
        int seconds = env.options().seconds(DEFAULT_SECONDS);
        CpuClock cpu = new CpuClock();
        try (BenchTopics bench = BenchTopics.create(env.bootstrap(), name(), PARTITIONS, "raw")) {
            env.progress().accept(String.format(Locale.ROOT, "raw producer: %d s (after a warm-up of %d s)", seconds,
                    Math.max(1, seconds / 3)));
            rawProducer(env.bootstrap(), bench.name("raw"), Math.max(1, seconds / 3));
            long rawCpu = cpu.nanos();
            long rawSent = rawProducer(env.bootstrap(), bench.name("raw"), seconds);
            double rawRate = rawSent / (double) seconds;
            rawCpu = cpu.nanos() - rawCpu;

            IngestServer server = new IngestServer(IngestSettings.defaults(ApiKeys.parse(KEY + ":produce"))
                    .withHost("127.0.0.1").withPort(0), bench.topics(), Map.of("bootstrap.servers", env.bootstrap()),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            server.start();
            try {
                env.progress().accept(String.format(Locale.ROOT, "single POSTs, %d connections: %d s (after a warm-up of %d s)",
                        CONNECTIONS, seconds, Math.max(1, seconds / 3)));
                IntFunction<byte[]> single = i -> HttpConnection.post("/v1/chats/" + chat(i) + "/messages", KEY, message(i, false));
                closedLoop(server.port(), CONNECTIONS, Math.max(1, seconds / 3), single);
                long singleCpu = cpu.nanos();
                ClosedLoop singles = closedLoop(server.port(), CONNECTIONS, seconds, single);
                singleCpu = cpu.nanos() - singleCpu;

                env.progress().accept(String.format(Locale.ROOT, "batch POSTs of %d, %d connections: %d s", BATCH,
                        BATCH_CONNECTIONS, seconds));
                long batchCpu = cpu.nanos();
                ClosedLoop batches = closedLoop(server.port(), BATCH_CONNECTIONS, seconds,
                        i -> HttpConnection.post("/v1/messages:batch", KEY, batch(i)));
                batchCpu = cpu.nanos() - batchCpu;

                double singleRate = singles.succeeded() / (double) seconds;
                double batchRate = batches.succeeded() * BATCH / (double) seconds;
                List<Figure> figures = List.of(
                        new Figure("single POST", singleRate, "msgs/s", "raw producer", rawRate, singleCpu / 1e3 / singles.succeeded()),
                        new Figure("batch POST (" + BATCH + " per request)", batchRate, "msgs/s", "raw producer", rawRate,
                                batchCpu / 1e3 / Math.max(1, batches.succeeded() * BATCH)));
                List<String> notes = List.of(
                        String.format(Locale.ROOT, "raw producer: %d-byte records, acks=all, idempotent, %.1f µs CPU per record",
                                RECORD_BYTES, rawCpu / 1e3 / rawSent),
                        String.format(Locale.ROOT, "%d partitions; single POSTs from %d closed-loop connections (%d not answered 202),"
                                + " batches from %d (%d not answered 202)", PARTITIONS, CONNECTIONS, singles.failed(), BATCH_CONNECTIONS,
                                batches.failed()));
                return new PhaseResult(name(), (System.nanoTime() - started) / 1e9, figures,
                        List.of(Distribution.of("single POST (request -> 202)", singles.nanos())), notes);
            } finally {
                server.stop();
            }
        }
    }

    /** Records sent and acknowledged in {@code seconds}, as fast as the producer takes them. */
    private static long rawProducer(String bootstrap, String topic, int seconds) {
        AtomicLong acked = new AtomicLong();
        // Bounded like ingest's requests: an unbounded firehose only measures how long batches wait in the buffer.
        Semaphore inFlight = new Semaphore(10_000);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
            byte[] value = new byte[RECORD_BYTES];
            // One record to each partition and its acknowledgement before the firehose: many batches in flight to a
            // partition created a moment ago were seen retrying OutOfOrderSequence for minutes on a fresh broker.
            for (var partition : p.partitionsFor(topic)) {
                try {
                    p.send(new ProducerRecord<>(topic, partition.partition(), "prime", value)).get();
                } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("the raw producer could not write to " + topic + ": " + e.getMessage(), e);
                }
            }
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            for (int i = 0; System.nanoTime() < end; i++) {
                inFlight.acquireUninterruptibly();
                p.send(new ProducerRecord<>(topic, chat(i).toString(), value), (m, e) -> {
                    inFlight.release();
                    if (e == null) {
                        acked.incrementAndGet();
                    }
                });
            }
            p.flush();
        }
        return acked.get();
    }

    /** {@code connections} keep-alive connections, each posting its next request when the last was answered. */
    private static ClosedLoop closedLoop(int port, int connections, int seconds, IntFunction<byte[]> request)
            throws Exception {
        return ClosedLoop.run(connections, seconds, () -> HttpConnection.client(port, request, 202));
    }

    /** A message whose record on the topic is about the raw producer's record size. */
    private static String message(int i, boolean withChat) {
        return (withChat ? "{\"chatId\":\"" + chat(i) + "\"," : "{") + "\"senderId\":\"" + new UUID(0x2234_5678_9abc_4defL,
                0x8000_0000_0000_0000L | (i % 97)) + "\",\"clientMessageId\":\"bench-" + i
                + "\",\"content\":\"lorem ipsum dolor sit amet, consectetur adipiscing elit " + (i % 10) + "\"}";
    }

    private static String batch(int n) {
        StringBuilder sb = new StringBuilder(BATCH * 200).append("{\"messages\":[");
        for (int i = 0; i < BATCH; i++) {
            sb.append(i == 0 ? "" : ",").append(message(n * BATCH + i, true));
        }
        return sb.append("]}").toString();
    }

    private static UUID chat(int i) {
        return new UUID(0x1234_5678_9abc_4defL, 0x8000_0000_0000_0000L | (i % CHATS));
    }
}
