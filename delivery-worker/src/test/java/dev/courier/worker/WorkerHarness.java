package dev.courier.worker;

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
import dev.courier.events.ReceiptAdvanced;
import dev.courier.events.ReceiptKind;
import dev.courier.events.ReceiptSubmitted;
import dev.courier.events.Rejected;
import dev.courier.events.Topic;
import dev.courier.events.Topics;
import dev.courier.events.UnreadChanged;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The worker topology in a TopologyTestDriver, with typed inputs and outputs and a controllable record clock. */
final class WorkerHarness implements AutoCloseable {

    static final EventCodec CODEC = new EventCodec(EventLimits.defaults());
    static final Topics TOPICS = new Topics(Topics.DEFAULT_PREFIX, CODEC);
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final TopologyTestDriver driver;
    final TestInputTopic<String, ChatEvent> events;
    final TestInputTopic<String, ReceiptSubmitted> receipts;
    final TestInputTopic<String, String> rawEvents;
    final TestInputTopic<String, String> rawReceipts;
    final TestOutputTopic<String, ChatEvent> chatLog;
    final TestOutputTopic<String, Delivery> inbox;
    final TestOutputTopic<String, ReceiptAdvanced> receiptsOut;
    final TestOutputTopic<String, UnreadChanged> unread;
    final TestOutputTopic<String, Rejected> rejected;
    private final Path stateDir;
    Instant now = T0;

    WorkerHarness() {
        this(false, WorkerSettings.DEFAULT_DEDUP_WINDOW);
    }

    WorkerHarness(boolean inMemory, Duration dedupWindow) {
        this(inMemory, dedupWindow, 1);
    }

    /** @param partitions the input topics' partition count the topology routes by (the driver reads partition 0) */
    WorkerHarness(boolean inMemory, Duration dedupWindow, int partitions) {
        try {
            stateDir = Files.createTempDirectory("worker-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WorkerSettings settings = WorkerSettings.defaults("ttd:9092").withStateDir(stateDir)
                .withInMemoryStores(inMemory).withDedupWindow(dedupWindow);
        Properties config = DeliveryWorker.streamsConfig(settings, TOPICS);
        driver = new TopologyTestDriver(DeliveryTopology.build(settings, TOPICS, new WorkerMetrics(registry), partitions), config, T0);
        events = input(TOPICS.chatEventsIn());
        receipts = input(TOPICS.receiptsIn());
        rawEvents = driver.createInputTopic(TOPICS.chatEventsIn().name(), Serdes.String().serializer(), Serdes.String().serializer());
        rawReceipts = driver.createInputTopic(TOPICS.receiptsIn().name(), Serdes.String().serializer(), Serdes.String().serializer());
        chatLog = output(TOPICS.chatLog());
        inbox = output(TOPICS.inbox());
        receiptsOut = output(TOPICS.receipts());
        unread = output(TOPICS.unread());
        rejected = output(TOPICS.rejected());
    }

    private <T extends dev.courier.events.CourierEvent> TestInputTopic<String, T> input(Topic<T> t) {
        return driver.createInputTopic(t.name(), t.keySerde().serializer(), t.valueSerde().serializer());
    }

    private <T extends dev.courier.events.CourierEvent> TestOutputTopic<String, T> output(Topic<T> t) {
        return driver.createOutputTopic(t.name(), t.keySerde().deserializer(), t.valueSerde().deserializer());
    }

    /** Moves the record clock on. */
    WorkerHarness advance(Duration d) {
        now = now.plus(d);
        return this;
    }

    void pipe(ChatEvent e) {
        events.pipeInput(e.chatId().toString(), e, now);
    }

    void pipe(ReceiptSubmitted r) {
        receipts.pipeInput(r.chatId().toString(), r, now);
    }

    void create(UUID chat, UUID creator, UUID... others) {
        pipe(new ChatCreated(chat, others.length == 1 ? ChatType.DIRECT : ChatType.GROUP, "t", creator,
                Arrays.asList(others), null, null));
    }

    void join(UUID chat, UUID user) {
        pipe(new MemberJoined(chat, user, null, null));
    }

    void leave(UUID chat, UUID user) {
        pipe(new MemberLeft(chat, user, null, null));
    }

    static MessageSent message(UUID chat, UUID sender, String clientId) {
        return new MessageSent(chat, MessageIds.derive(chat, sender, clientId), sender, clientId, "hello " + clientId,
                null, null, null);
    }

    void send(UUID chat, UUID sender, String clientId) {
        pipe(message(chat, sender, clientId));
    }

    void receipt(UUID chat, UUID user, ReceiptKind kind, long upTo) {
        pipe(new ReceiptSubmitted(chat, user, kind, upTo, null));
    }

    /** Every record produced to a topic so far (and drains it). */
    static <T> List<T> drain(TestOutputTopic<String, T> topic) {
        return topic.readValuesToList();
    }

    static <T> List<TestRecord<String, T>> drainRecords(TestOutputTopic<String, T> topic) {
        return topic.readRecordsToList();
    }

    /** Reads and forgets everything produced so far. */
    void clearOutputs() {
        chatLog.readRecordsToList();
        inbox.readRecordsToList();
        receiptsOut.readRecordsToList();
        unread.readRecordsToList();
        rejected.readRecordsToList();
    }

    static UUID user(int n) {
        return new UUID(0x1000, n);
    }

    static UUID chat(int n) {
        return new UUID(0xc0de, n);
    }

    @Override
    public void close() {
        driver.close();
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
