package dev.courier.ingest.write;

import dev.courier.ingest.internal.IngestMetrics;
import dev.courier.ingest.write.WriteRequests.Outgoing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes a request's records and reports when Kafka acknowledged all of them. Sends every record first, then
 * waits once for all (so a batch costs one round of broker acks, not one per message). The returned future fails
 * with the first error, or with {@link java.util.concurrent.TimeoutException} once {@code timeout} passed since the
 * call (time spent blocked in {@code send()} waiting for metadata or buffer space included): a request never waits
 * longer than the publish timeout, and never succeeds unless every record was acknowledged.
 */
public final class Publisher {

    private final Producer<String, byte[]> producer;
    private final long timeoutNanos;
    private final IngestMetrics metrics;

    public Publisher(Producer<String, byte[]> producer, Duration timeout, IngestMetrics metrics) {
        this.producer = producer;
        this.timeoutNanos = timeout.toNanos();
        this.metrics = metrics;
    }

    public CompletableFuture<Void> publish(List<Outgoing> records) {
        long start = System.nanoTime();
        Pending pending = new Pending(records.size());
        for (Outgoing r : records) {
            try {
                producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value()), pending);
            } catch (RuntimeException e) {
                // Metadata or buffer space not available within max.block.ms, or the producer is closed: the
                // records sent so far may still land; the client retries with the same ids.
                pending.completeExceptionally(e);
                break;
            }
        }
        long left = timeoutNanos - (System.nanoTime() - start);
        String topic = records.isEmpty() ? "" : records.get(0).topic();
        return pending.orTimeout(Math.max(left, 0), TimeUnit.NANOSECONDS)
                .whenComplete((ok, error) -> metrics.published(topic, records.size(), System.nanoTime() - start, error));
    }

    /** Completes when the last of {@code n} acks arrives, or at the first failure. Runs on the producer's I/O thread. */
    private static final class Pending extends CompletableFuture<Void> implements Callback {
        private final AtomicInteger remaining;

        Pending(int n) {
            this.remaining = new AtomicInteger(n);
            if (n == 0) {
                complete(null);
            }
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                completeExceptionally(exception);
            } else if (remaining.decrementAndGet() == 0) {
                complete(null);
            }
        }
    }
}
