package dev.courier.persistence.internal.loop;

import dev.courier.events.Decoded;
import dev.courier.events.Rejected;
import dev.courier.events.Topic;
import dev.courier.persistence.internal.write.RejectLog;
import dev.courier.persistence.internal.write.RejectSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Publishes rejections to {@code rejected} and waits for the acknowledgements (acks=all, idempotent producer). */
public final class KafkaRejectSink implements RejectSink {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final Producer<String, byte[]> producer;
    private final Topic<Rejected> topic;
    private final Serializer<Rejected> serializer;

    private final Map<String, Object> consumerProperties;

    /** @param consumerProperties connection settings, to read {@code rejected} back ({@link #publishedSince}) */
    public KafkaRejectSink(Producer<String, byte[]> producer, Topic<Rejected> topic, Map<String, Object> consumerProperties) {
        this.producer = producer;
        this.topic = topic;
        this.serializer = topic.valueSerde().serializer();
        this.consumerProperties = Map.copyOf(consumerProperties);
    }

    /**
     * The source positions of the refusals in {@code rejected} from {@code time} on (read_committed, without a group,
     * up to the end as of now). Only used after a crash, so a consumer per call is fine.
     */
    public Set<String> publishedSince(Instant time) {
        Map<String, Object> c = new HashMap<>(consumerProperties);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Set<String> out = new HashSet<>();
        var decoder = topic.decodedSerde().deserializer();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            Map<TopicPartition, Long> query = new HashMap<>();
            parts.forEach(tp -> query.put(tp, time.toEpochMilli()));
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            consumer.offsetsForTimes(query).forEach((tp, found) -> consumer.seek(tp, found == null ? end.get(tp) : found.offset()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new RejectPublishException("could not read " + topic.name() + " back within 60 s", null);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (decoder.deserialize(r.topic(), r.value()) instanceof Decoded.Valid<Rejected> v) {
                        out.add(RejectLog.position(v.event()));
                    }
                });
            }
        }
        return out;
    }

    @Override
    public void publish(List<Rejection> rejections) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(rejections.size());
        for (Rejection r : rejections) {
            acks.add(producer.send(new ProducerRecord<>(topic.name(), r.key(),
                    serializer.serialize(topic.name(), r.rejected()))));
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectPublishException("interrupted while publishing " + rejections.size() + " rejections to "
                    + topic.name(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RejectPublishException("could not publish " + rejections.size() + " rejections to "
                    + topic.name() + ": " + (e.getCause() == null ? e : e.getCause()), e);
        }
    }
}
