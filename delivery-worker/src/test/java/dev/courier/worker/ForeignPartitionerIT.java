package dev.courier.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.courier.events.ChatCreated;
import dev.courier.events.ChatEvent;
import dev.courier.events.ChatType;
import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.MessageSent;
import dev.courier.events.RejectReason;
import dev.courier.events.Rejected;
import dev.courier.events.Topics;
import dev.courier.testkit.KafkaExtension;
import dev.courier.testkit.KafkaTestContext;
import dev.courier.testkit.TopicContents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Producers that do not partition like Java's murmur2 (librdkafka's CRC32, as kcat and the Go, Python, .NET and Node
 * clients do by default) mixed with ones that do, on the real broker: every chat's events are sequenced in one place.
 */
@ExtendWith(KafkaExtension.class)
class ForeignPartitionerIT {

    private static final EventCodec CODEC = new EventCodec(EventLimits.defaults());
    private static final int PARTITIONS = 3;

    private KafkaTestContext kafka;
    private Topics topics;
    private DeliveryWorker worker;
    private KafkaProducer<byte[], byte[]> murmur2;
    private KafkaProducer<byte[], byte[]> crc32;
    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();

    @BeforeEach
    void start(KafkaTestContext kafka, @TempDir Path stateDir) throws Exception {
        this.kafka = kafka;
        // Topics of their own per test: the class's prefix plus a fresh one.
        topics = new Topics(kafka.topicPrefix() + UUID.randomUUID().toString().substring(0, 8) + ".", CODEC);
        kafka.admin().createTopics(topics.all().stream().map(t -> new NewTopic(t.name(), PARTITIONS, (short) 1)
                .configs(t.config())).toList()).all().get();
        worker = new DeliveryWorker(WorkerSettings.defaults(kafka.bootstrapServers())
                .withApplicationId(topics.prefix() + "worker").withStateDir(stateDir), topics, new SimpleMeterRegistry());
        worker.start();
        murmur2 = producer(null);
        crc32 = producer(Crc32Partitioner.class);
        await().atMost(Duration.ofSeconds(60)).until(worker::isReady);
    }

    @AfterEach
    void stop() {
        murmur2.close();
        crc32.close();
        worker.close();
    }

    @Test
    @DisplayName("messages from a CRC32 producer to a chat created by a murmur2 producer, and the reverse, are sequenced densely")
    void mixedPartitioners() throws Exception {
        UUID viaJava = misroutedChat();
        send(murmur2, created(viaJava));
        for (int i = 1; i <= 5; i++) {
            send(crc32, message(viaJava, "c-" + i));
        }
        UUID viaCrc = misroutedChat();
        send(crc32, created(viaCrc));
        awaitSeqs(viaCrc, 1L); // a chat created by one producer exists once the worker sequenced it
        for (int i = 1; i <= 3; i++) {
            send(murmur2, message(viaCrc, "c-" + i));
        }

        awaitSeqs(viaJava, 1L, 2L, 3L, 4L, 5L, 6L);
        awaitSeqs(viaCrc, 1L, 2L, 3L, 4L);
        assertThat(rejected()).isEmpty();
    }

    @Test
    @DisplayName("a chat created through a CRC32 producer and again through a murmur2 one exists once: the second is chat_exists")
    void createdTwice() throws Exception {
        UUID chat = misroutedChat();
        send(crc32, created(chat));
        awaitSeqs(chat, 1L);
        send(murmur2, created(chat));
        send(murmur2, message(chat, "c-1"));

        awaitSeqs(chat, 1L, 2L);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(rejected()).extracting(Rejected::reason).containsExactly(RejectReason.CHAT_EXISTS));
    }

    @Test
    @DisplayName("a re-routed input that is refused names the partition and offset its producer wrote it to")
    void rejectNamesTheOriginal() throws Exception {
        UUID chat = misroutedChat();
        send(crc32, created(chat));
        RecordMetadata stranger = send(crc32, new MessageSent(chat, null, UUID.randomUUID(), "x-1", "hi", null, null, null));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.NOT_A_MEMBER);
            assertThat(r.sourceTopic()).isEqualTo(topics.chatEventsIn().name());
            assertThat(r.sourcePartition()).isEqualTo(stranger.partition())
                    .isEqualTo(Crc32Partitioner.partitionOf(chat.toString().getBytes(StandardCharsets.UTF_8), PARTITIONS));
            assertThat(r.sourceOffset()).isEqualTo(stranger.offset());
        }));
    }

    @Test
    @DisplayName("the README's kcat recipe, with kcat's default partitioner, reaches a chat created by a Java producer")
    void kcat() throws Exception {
        assumeThat(onPath("kcat")).as("kcat is installed").isTrue();
        UUID chat = misroutedChat();
        send(murmur2, created(chat));
        for (int i = 1; i <= 3; i++) {
            String value = new String(CODEC.encode(message(chat, "k-" + i)), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("kcat", "-P", "-b", kafka.bootstrapServers(), "-t", topics.chatEventsIn().name(),
                    "-k", chat.toString()).redirectErrorStream(true).start();
            p.getOutputStream().write((value + "\n").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        }

        awaitSeqs(chat, 1L, 2L, 3L, 4L);
        assertThat(rejected()).isEmpty();
    }

    /** A chat id that CRC32 and murmur2 put on different partitions. */
    private static UUID misroutedChat() {
        while (true) {
            UUID c = UUID.randomUUID();
            byte[] key = c.toString().getBytes(StandardCharsets.UTF_8);
            if (Crc32Partitioner.partitionOf(key, PARTITIONS) != Utils.toPositive(Utils.murmur2(key)) % PARTITIONS) {
                return c;
            }
        }
    }

    private ChatCreated created(UUID chat) {
        return new ChatCreated(chat, ChatType.DIRECT, null, alice, List.of(bob), null, null);
    }

    private MessageSent message(UUID chat, String clientId) {
        return new MessageSent(chat, null, alice, clientId, "hello " + clientId, null, null, null);
    }

    private RecordMetadata send(KafkaProducer<byte[], byte[]> producer, ChatEvent e) throws Exception {
        return producer.send(new ProducerRecord<>(topics.chatEventsIn().name(), e.chatId().toString().getBytes(StandardCharsets.UTF_8),
                CODEC.encode(e))).get();
    }

    private void awaitSeqs(UUID chat, Long... seqs) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                TopicContents.readAll(kafka.bootstrapServers(), topics.chatLog()).stream().map(ConsumerRecord::value)
                        .filter(e -> e.chatId().equals(chat)).map(ChatEvent::seq).toList()).containsExactly(seqs));
    }

    private List<Rejected> rejected() {
        return new ArrayList<>(TopicContents.readAll(kafka.bootstrapServers(), topics.rejected()).stream()
                .map(ConsumerRecord::value).toList());
    }

    private KafkaProducer<byte[], byte[]> producer(Class<?> partitioner) {
        Map<String, Object> props = kafka.producerProps();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        if (partitioner != null) {
            props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, partitioner);
        }
        return new KafkaProducer<>(props);
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, command).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
