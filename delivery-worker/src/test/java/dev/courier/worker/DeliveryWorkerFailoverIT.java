package dev.courier.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.events.ChatCreated;
import dev.courier.events.ChatEvent;
import dev.courier.events.ChatType;
import dev.courier.events.Delivery;
import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.MemberJoined;
import dev.courier.events.MemberLeft;
import dev.courier.events.MessageIds;
import dev.courier.events.MessageSent;
import dev.courier.events.ReceiptKind;
import dev.courier.events.ReceiptSubmitted;
import dev.courier.events.Topics;
import dev.courier.events.UnreadChanged;
import dev.courier.testkit.KafkaExtension;
import dev.courier.testkit.KafkaTestContext;
import dev.courier.testkit.TopicContents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two worker instances on the real broker share the chats; one is closed mid-run and replaced, later the other is
 * killed with SIGKILL (it runs in its own JVM: no close, no leave-group, a transaction left open) while a producer
 * keeps sending. Afterwards every chat's log is dense, no message is in it twice, every delivery exists exactly once,
 * and the unread counts equal the reference model's.
 */
@ExtendWith(KafkaExtension.class)
class DeliveryWorkerFailoverIT {

    private static final int PARTITIONS = 4;
    private static final int CHATS = 40;
    private static final int USERS = 12;
    private static final int MESSAGES = 3000;
    private static final EventCodec CODEC = new EventCodec(EventLimits.defaults());

    private final List<DeliveryWorker> workers = new ArrayList<>();
    private Process child;

    @AfterEach
    void stop() {
        if (child != null) {
            child.destroyForcibly();
        }
        workers.forEach(w -> w.close(Duration.ofSeconds(10)));
    }

    @Test
    @DisplayName("after a clean stop and a kill during traffic, seqs are dense, nothing is doubled and unread is exact")
    void failover(KafkaTestContext kafka, @TempDir Path dirs) throws Exception {
        Topics topics = new Topics(kafka.topicPrefix(), new EventCodec(EventLimits.defaults()));
        kafka.createTopics(PARTITIONS, "chat-events.in", "receipts.in", "chat-log", "inbox", "receipts", "unread",
                "rejected", "reroute");
        String appId = kafka.topicPrefix() + "worker";
        // Short session timeout: the killed instance's tasks move after 6 s rather than 45 s.
        Map<String, String> fast = Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000");
        WorkerSettings base = WorkerSettings.defaults(kafka.bootstrapServers()).withApplicationId(appId)
                .withKafkaProperties(fast);

        DeliveryWorker a = start(base.withStateDir(dirs.resolve("a")), topics);
        child = startChild(kafka, appId, dirs.resolve("b"), fast);
        await().atMost(Duration.ofSeconds(60)).until(a::isReady);

        Traffic traffic = new Traffic(topics, producer(kafka));
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        try {
            traffic.createChats();
            // 25 inputs every 50 ms (~500/s, ~6 s in all): the stop and the kill below happen while it flows.
            pace.scheduleAtFixedRate(() -> traffic.next(25), 0, 50, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> traffic.progress.get() >= MESSAGES / 3);
            a.close(Duration.ofSeconds(30));   // a clean stop, then a replacement with an empty state dir
            a = start(base.withStateDir(dirs.resolve("a2")), topics);
            await().atMost(Duration.ofSeconds(60)).until(() -> traffic.progress.get() >= 2 * MESSAGES / 3);
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL, mid-transaction
            await().atMost(Duration.ofSeconds(60)).until(() -> traffic.progress.get() >= MESSAGES);
        } finally {
            pace.shutdown();
            assertThat(pace.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        traffic.producer.flush();
        int expectedMessages = traffic.expectedMessages;
        int expectedDeliveries = traffic.expectedDeliveries;
        ReferenceModel model = traffic.model;
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                TopicContents.readAll(kafka.bootstrapServers(), topics.chatLog()).stream()
                        .filter(r -> r.value() instanceof MessageSent).count() >= expectedMessages);
        traffic.receipts(); // once every chat event is in, so the expected outcome does not depend on timing
        traffic.producer.close();

        Map<List<UUID>, Long> expectedUnread = model.unreadCounts();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(lastUnread(kafka, topics)).isEqualTo(nonZero(expectedUnread)));

        List<ConsumerRecord<String, ChatEvent>> log = TopicContents.readAll(kafka.bootstrapServers(), topics.chatLog());
        Map<UUID, List<Long>> seqs = new HashMap<>();
        Set<UUID> messageIds = new HashSet<>();
        int messages = 0;
        for (ConsumerRecord<String, ChatEvent> r : log) {
            seqs.computeIfAbsent(r.value().chatId(), k -> new ArrayList<>()).add(r.value().seq());
            if (r.value() instanceof MessageSent m) {
                messages++;
                assertThat(messageIds.add(m.messageId())).as("messageId %s appears once", m.messageId()).isTrue();
            }
        }
        assertThat(messages).isEqualTo(expectedMessages);
        assertThat(seqs).hasSize(CHATS);
        seqs.forEach((chat, list) -> assertThat(list).as("seqs of chat %s", chat)
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, list.size()).boxed().toList()));
        List<ConsumerRecord<String, Delivery>> inbox = TopicContents.readAll(kafka.bootstrapServers(), topics.inbox());
        assertThat(inbox).hasSize(expectedDeliveries);
        assertThat(inbox.stream().map(r -> r.value().userId() + "/" + r.value().messageId()).distinct().count())
                .isEqualTo(expectedDeliveries);
    }

    private static Map<List<UUID>, Long> nonZero(Map<List<UUID>, Long> unread) {
        Map<List<UUID>, Long> out = new HashMap<>();
        unread.forEach((k, v) -> {
            if (v != 0) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The sink's view: per (user, chat) the UnreadChanged with the highest version; zeros left out. */
    private static Map<List<UUID>, Long> lastUnread(KafkaTestContext kafka, Topics topics) {
        Map<List<UUID>, UnreadChanged> latest = new HashMap<>();
        for (ConsumerRecord<String, UnreadChanged> r : TopicContents.readAll(kafka.bootstrapServers(), topics.unread())) {
            latest.merge(List.of(r.value().userId(), r.value().chatId()), r.value(),
                    (x, y) -> y.version() >= x.version() ? y : x);
        }
        Map<List<UUID>, Long> out = new HashMap<>();
        latest.forEach((k, v) -> {
            if (v.unread() != 0) {
                out.put(k, v.unread());
            }
        });
        return out;
    }

    private DeliveryWorker start(WorkerSettings settings, Topics topics) {
        DeliveryWorker w = new DeliveryWorker(settings, topics, new SimpleMeterRegistry());
        workers.add(w);
        w.start();
        return w;
    }

    private static Process startChild(KafkaTestContext kafka, String appId, Path stateDir, Map<String, String> props)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                WorkerProcessMain.class.getName(), kafka.bootstrapServers(), kafka.topicPrefix(), appId,
                stateDir.toString()));
        props.forEach((k, v) -> cmd.add(k + "=" + v));
        File log = Path.of("target", "failover-child-worker.log").toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static KafkaProducer<String, byte[]> producer(KafkaTestContext kafka) {
        Map<String, Object> props = kafka.producerProps();
        props.put("value.serializer", ByteArraySerializer.class);
        props.put("key.serializer", StringSerializer.class);
        props.put("linger.ms", 5);
        return new KafkaProducer<>(props);
    }

    /** The producer side: chats, then messages (with retries, joins and leaves), each also applied to the model. */
    private static final class Traffic {
        final Topics topics;
        final KafkaProducer<String, byte[]> producer;
        final ReferenceModel model = new ReferenceModel(WorkerSettings.DEFAULT_DEDUP_WINDOW);
        final AtomicInteger progress = new AtomicInteger();
        final Random random = new Random(42);
        final UUID[] users = new UUID[USERS];
        final List<UUID> chats = new ArrayList<>();
        final Map<UUID, List<UUID>> founders = new HashMap<>();
        final List<MessageSent> sent = new ArrayList<>();
        volatile int expectedMessages;
        volatile int expectedDeliveries;

        Traffic(Topics topics, KafkaProducer<String, byte[]> producer) {
            this.topics = topics;
            this.producer = producer;
            for (int i = 0; i < USERS; i++) {
                users[i] = UUID.randomUUID();
            }
        }

        void createChats() {
            for (int c = 0; c < CHATS; c++) {
                UUID chat = UUID.randomUUID();
                List<UUID> members = new ArrayList<>();
                int size = 2 + random.nextInt(5);
                while (members.size() < size) {
                    UUID u = users[random.nextInt(USERS)];
                    if (!members.contains(u)) {
                        members.add(u);
                    }
                }
                chats.add(chat);
                founders.put(chat, members);
                send(new ChatCreated(chat, ChatType.GROUP, null, members.get(0), members.subList(1, size), null, null));
            }
        }

        void next(int count) {
            for (int n = 0; n < count && progress.get() < MESSAGES; n++) {
                int i = progress.get();
                UUID chat = chats.get(random.nextInt(CHATS));
                List<UUID> members = founders.get(chat);
                int dice = random.nextInt(100);
                if (dice < 8 && !sent.isEmpty()) {
                    send(sent.get(random.nextInt(sent.size()))); // a client retry: same messageId
                } else if (dice < 11) {
                    send(new MemberJoined(chat, users[random.nextInt(USERS)], null, null));
                } else if (dice < 13) {
                    send(new MemberLeft(chat, members.get(random.nextInt(members.size())), null, null));
                } else {
                    UUID sender = members.get(random.nextInt(members.size()));
                    String clientId = "m" + i;
                    MessageSent m = new MessageSent(chat, MessageIds.derive(chat, sender, clientId), sender, clientId,
                            "hi " + i, null, null, null);
                    sent.add(m);
                    send(m);
                }
                progress.incrementAndGet();
            }
        }

        void receipts() {
            for (UUID chat : chats) {
                List<UUID> members = founders.get(chat);
                ReceiptSubmitted r = new ReceiptSubmitted(chat, members.get(random.nextInt(members.size())),
                        ReceiptKind.READ, 1 + random.nextInt(120), null);
                producer.send(new ProducerRecord<>(topics.receiptsIn().name(), chat.toString(), CODEC.encode(r)));
                model.apply(r, Instant.now());
            }
            producer.flush();
        }

        private void send(ChatEvent e) {
            producer.send(new ProducerRecord<>(topics.chatEventsIn().name(), e.chatId().toString(), CODEC.encode(e)));
            ReferenceModel.Out out = model.apply(e, Instant.now());
            expectedMessages += (int) out.chatLog().stream().filter(x -> x instanceof MessageSent).count();
            expectedDeliveries += out.inbox().size();
        }
    }
}
