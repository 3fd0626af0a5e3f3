package dev.courier.persistence;

import dev.courier.events.Topics;
import dev.courier.persistence.internal.loop.CrashSwitch;
import dev.courier.persistence.internal.loop.KafkaRejectSink;
import dev.courier.persistence.internal.loop.RejectOutbox;
import dev.courier.persistence.internal.loop.SinkLoop;
import dev.courier.persistence.internal.write.BatchWriter;
import dev.courier.persistence.internal.write.RejectLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once sink: a consumer group on {@code chat-log}, {@code receipts} and {@code unread} that writes each
 * batch and its consumed offsets in one PostgreSQL transaction (see DESIGN.md §1), and sends what the database
 * refuses to {@code rejected}. One poll thread and {@link SinkSettings#writerThreads()} writer threads; {@link #start()}
 * once, {@link #close()} once.
 *
 * <p>Client properties: {@code consumerProperties} and {@code producerProperties} carry the connection settings
 * (bootstrap servers, SASL/SSL, client ids). The sink sets what its correctness depends on and overrides any
 * given value: group id ({@link SinkSettings#consumerGroup()}), byte-array/String (de)serializers,
 * {@code enable.auto.commit=false} (offsets live in the database), {@code isolation.level=read_committed} (the
 * worker writes with transactions; aborted records must not reach history), {@code acks=all} and idempotence for
 * the {@code rejected} producer. {@code max.poll.records} defaults to {@link SinkSettings#maxBatchRows()} capped at
 * 2,000, {@code auto.offset.reset} to {@code earliest}.
 */
public final class Sink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Sink.class);

    private final SinkSettings settings;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final SinkLoop loop;
    private final Thread thread;
    private boolean started;
    private boolean closed;
    private final boolean crashable;
    private final AtomicBoolean halted = new AtomicBoolean();

    public Sink(SinkSettings settings, Topics topics, Map<String, Object> consumerProperties,
                Map<String, Object> producerProperties, DataSource dataSource, MeterRegistry registry) {
        this(settings, topics, consumerProperties, producerProperties, dataSource, registry, false);
    }

    /** @param crashable whether {@link #halt()} may stop it as a crash would (tests); production sinks cannot be */
    Sink(SinkSettings settings, Topics topics, Map<String, Object> consumerProperties,
         Map<String, Object> producerProperties, DataSource dataSource, MeterRegistry registry, boolean crashable) {
        this.settings = settings;
        this.crashable = crashable;
        Map<String, Object> c = new HashMap<>(consumerProperties);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumerGroup());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(settings.maxBatchRows(), 2_000));
        c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, settings.consumerGroup());
        Map<String, Object> p = new HashMap<>(producerProperties);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, settings.consumerGroup() + "-rejected");
        p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(c);
        try {
            this.producer = new KafkaProducer<>(p);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        KafkaRejectSink rejects = new KafkaRejectSink(producer, topics.rejected(), consumerProperties);
        RejectOutbox outbox = new RejectOutbox(dataSource, new RejectLog(settings.consumerGroup()), rejects, rejects::publishedSince);
        this.loop = new SinkLoop(consumer, List.of(topics.chatLog(), topics.receipts(), topics.unread()),
                hook -> new BatchWriter(dataSource, settings.consumerGroup(), rejects, Clock.systemUTC(), hook),
                dataSource, settings, registry, outbox, crashable ? halted::get : CrashSwitch.NONE);
        this.thread = new Thread(loop, "courier-sink-" + settings.consumerGroup());
        this.thread.setDaemon(false);
    }

    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("the sink was already started");
        }
        started = true;
        log.info("Sink starting: {}", settings);
        thread.start();
    }

    /**
     * True while the sink is consuming and its last database interaction succeeded; false before it reached the
     * database, while PostgreSQL is unreachable (it retries) and after it stopped.
     */
    public boolean isReady() {
        return loop.isReady();
    }

    /** Why the sink stopped by itself (a bug or a fatal client error), if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(loop.failure());
    }

    /** Stops consuming: writes what is buffered if the database is up, commits offsets to Kafka, closes the clients. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (thread.isAlive()) {
            loop.stop();
            try {
                thread.join(settings.shutdownTimeout().toMillis() + TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (!started || halted.get()) {
            consumer.close(settings.shutdownTimeout());
        }
        producer.close(settings.shutdownTimeout());
        log.info("Sink stopped");
    }

    /**
     * Fault injection for tests: the loop stops at its next checkpoint (after a poll, before a commit, between the
     * database commit and the Kafka commit) as if the process died: nothing is flushed, committed or closed.
     * {@link #close()} afterwards only releases the clients.
     */
    void halt() throws InterruptedException {
        if (!crashable) {
            throw new IllegalStateException("this sink was not built for fault injection");
        }
        halted.set(true);
        thread.join();
    }
}
