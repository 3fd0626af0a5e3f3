package dev.courier.worker.bench;

import dev.courier.events.ChatCreated;
import dev.courier.events.ChatType;
import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.MessageIds;
import dev.courier.events.MessageSent;
import dev.courier.events.Topic;
import dev.courier.events.Topics;
import dev.courier.embeddedkafka.EmbeddedKafkaCluster;
import dev.courier.worker.DeliveryWorker;
import dev.courier.worker.WorkerSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Worker throughput next to a pass-through Streams app (same EOS settings, same input records), in one run on one
 * broker. Not a test. System properties: {@code messages} (default 1,000,000), {@code chats} (10,000),
 * {@code partitions} (4), {@code bootstrap} (default: start an embedded single-node broker).
 *
 * <p>Run: see {@code docs/benchmarks.md} for the exact command.
 */
public final class WorkerBenchmark {

    private static final EventCodec CODEC = new EventCodec(EventLimits.defaults());

    private WorkerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("messages", 1_000_000);
        int chats = Integer.getInteger("chats", 10_000);
        int partitions = Integer.getInteger("partitions", 4);
        String bootstrap = System.getProperty("bootstrap");
        EmbeddedKafkaCluster cluster = null;
        if (bootstrap == null) {
            cluster = EmbeddedKafkaCluster.builder().build().start();
            bootstrap = cluster.bootstrapServers();
        }
        try {
            run(bootstrap, messages, chats, partitions);
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private static void run(String bootstrap, int messages, int chatCount, int partitions) throws Exception {
        String prefix = "bench" + Long.toHexString(System.nanoTime()) + ".";
        Topics topics = new Topics(prefix, CODEC);
        String passOut = prefix + "passthrough.out";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> all = new ArrayList<>();
            for (Topic<?> t : topics.all()) {
                all.add(new NewTopic(t.name(), partitions, (short) 1));
            }
            all.add(new NewTopic(passOut, partitions, (short) 1));
            admin.createTopics(all).all().get();

            long groupMembers = preload(bootstrap, topics, messages, chatCount);
            System.out.printf("pre-loaded %,d messages over %,d chats (mean group size %.2f) into %d partitions%n",
                    messages, chatCount, groupMembers / (double) chatCount, partitions);
            long inputRecords = endOffsets(admin, topics.chatEventsIn().name(), partitions);

            // The worker, as it runs in production (RocksDB stores, EOS v2, default commit interval).
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Path state = Files.createTempDirectory("bench-worker");
            // -Dthreads=N and -Dstreams.<property>=<value> (e.g. -Dstreams.producer.compression.type=none) tune both apps.
            Map<String, String> overrides = new java.util.TreeMap<>();
            System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("streams."))
                    .forEach(k -> overrides.put(k.substring("streams.".length()), System.getProperty(k)));
            WorkerSettings settings = WorkerSettings.defaults(bootstrap).withApplicationId(prefix + "worker")
                    .withStateDir(state).withKafkaProperties(overrides);
            if (Integer.getInteger("threads") != null) {
                settings = settings.withStreamThreads(Integer.getInteger("threads"));
            }
            System.out.println("worker settings: " + settings);
            DeliveryWorker worker = new DeliveryWorker(settings, topics, registry);
            worker.start();
            waitFor(worker::isReady); // the clock starts once the tasks are assigned and restored
            long t0 = System.nanoTime();
            waitFor(() -> consumed(admin, prefix + "worker", topics.chatEventsIn().name(), inputRecords));
            double workerSecs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("worker finished in %.1f s%n", workerSecs); // the end mark for bench-scripts/thread_cpu.py
            worker.close(java.time.Duration.ofSeconds(60));
            double out = registry.find("courier.worker.records.out").counters().stream().mapToDouble(Counter::count).sum();
            Map<String, Double> perTopic = new HashMap<>();
            registry.find("courier.worker.records.out").counters()
                    .forEach(c -> perTopic.put(c.getId().getTag("topic").substring(prefix.length()), c.count()));

            // The pass-through: source -> sink, same Streams config, same input records.
            Properties pass = DeliveryWorker.streamsConfig(settings.withApplicationId(prefix + "passthrough")
                    .withStateDir(Files.createTempDirectory("bench-pass")), topics);
            StreamsBuilder b = new StreamsBuilder();
            b.stream(topics.chatEventsIn().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                    .to(passOut, Produced.with(Serdes.String(), Serdes.ByteArray()));
            try (KafkaStreams passthrough = new KafkaStreams(b.build(), pass)) {
                passthrough.start();
                waitFor(() -> passthrough.state() == KafkaStreams.State.RUNNING);
                long p0 = System.nanoTime();
                waitFor(() -> consumed(admin, prefix + "passthrough", topics.chatEventsIn().name(), inputRecords));
                double passSecs = (System.nanoTime() - p0) / 1e9;
                double workerIn = inputRecords / workerSecs;
                double workerOut = out / workerSecs;
                double passRate = inputRecords / passSecs;
                System.out.printf("worker:       %,d input records in %.1f s = %,.0f input msgs/s; %,.0f output records"
                        + " = %,.0f output records/s (%.1f outputs per input) %s%n", inputRecords, workerSecs,
                        workerIn, out, workerOut, out / inputRecords, perTopic);
                System.out.printf("pass-through: %,d records in %.1f s = %,.0f records/s%n", inputRecords, passSecs, passRate);
                System.out.printf("ratio: worker output records/s / pass-through records/s = %.2f; "
                        + "worker input msgs/s / pass-through = %.2f%n", workerOut / passRate, workerIn / passRate);
            }
        }
    }

    /** Chats (sizes 2-200, mostly small), then messages from random members; returns the sum of group sizes. */
    private static long preload(String bootstrap, Topics topics, int messages, int chatCount) {
        Random random = new Random(7);
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("linger.ms", 20);
        props.put("batch.size", 512 * 1024);
        props.put("compression.type", "lz4");
        UUID[] chats = new UUID[chatCount];
        List<List<UUID>> members = new ArrayList<>();
        long total = 0;
        AtomicLong failed = new AtomicLong();
        Callback check = (meta, e) -> {
            if (e != null) {
                failed.incrementAndGet();
            }
        };
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            String topic = topics.chatEventsIn().name();
            for (int c = 0; c < chatCount; c++) {
                chats[c] = UUID.randomUUID();
                int size = random.nextInt(200) == 0 ? 50 + random.nextInt(151)
                        : Math.min(200, 2 + (int) (-Math.log(1 - random.nextDouble()) * 2.8));
                List<UUID> m = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    m.add(UUID.randomUUID());
                }
                members.add(m);
                total += size;
                producer.send(new ProducerRecord<>(topic, chats[c].toString(), CODEC.encode(new ChatCreated(chats[c],
                        ChatType.GROUP, "chat " + c, m.get(0), m.subList(1, size), Instant.now(), null))), check);
            }
            String content = "x".repeat(120);
            for (int i = 0; i < messages; i++) {
                int c = random.nextInt(chatCount);
                List<UUID> m = members.get(c);
                UUID sender = m.get(random.nextInt(m.size()));
                String clientId = "b" + i;
                producer.send(new ProducerRecord<>(topic, chats[c].toString(), CODEC.encode(new MessageSent(chats[c],
                        MessageIds.derive(chats[c], sender, clientId), sender, clientId, content, Instant.now(), Instant.now(),
                        null))), check);
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            // A loaded machine can time out a few sends; the clocks below count what is really on the topic.
            System.out.printf("pre-load: %,d sends failed%n", failed.get());
        }
        return total;
    }

    private static long endOffsets(Admin admin, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }

    private static boolean consumed(Admin admin, String group, String topic, long expected) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        long sum = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
            if (e.getKey().topic().equals(topic) && e.getValue() != null) {
                sum += e.getValue().offset();
            }
        }
        // Committed offsets on the input count records (it has no transaction markers: a plain producer wrote it).
        return sum >= expected;
    }

    private interface Check {
        boolean done() throws Exception;
    }

    private static void waitFor(Check check) throws Exception {
        while (!check.done()) {
            Thread.sleep(100); // a benchmark's polling loop, not a test
        }
    }
}
