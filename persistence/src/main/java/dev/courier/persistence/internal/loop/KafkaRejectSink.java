package dev.courier.persistence.internal.loop;

import dev.courier.events.Rejected;
import dev.courier.events.Topic;
import dev.courier.persistence.internal.write.RejectSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;

/** Publishes rejections to {@code rejected} and waits for the acknowledgements (acks=all, idempotent producer). */
public final class KafkaRejectSink implements RejectSink {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final Producer<String, byte[]> producer;
    private final Topic<Rejected> topic;
    private final Serializer<Rejected> serializer;

    public KafkaRejectSink(Producer<String, byte[]> producer, Topic<Rejected> topic) {
        this.producer = producer;
        this.topic = topic;
        this.serializer = topic.valueSerde().serializer();
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
