package dev.courier.persistence.internal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.RejectReason;
import dev.courier.events.Rejected;
import dev.courier.events.Topics;
import dev.courier.persistence.internal.write.RejectLog;
import dev.courier.persistence.internal.write.RejectSink;
import dev.courier.migrations.MigrationSettings;
import dev.courier.migrations.Migrator;
import dev.courier.testkit.KafkaExtension;
import dev.courier.testkit.KafkaTestContext;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import dev.courier.testkit.TopicContents;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Refusals a crash left between the database commit and their publication reach rejected once each, never twice. */
@ExtendWith({KafkaExtension.class, PostgresDatabaseExtension.class})
class RejectOutboxIT {

    @Test
    @DisplayName("an unpublished refusal is published at positioning; one whose publication got through before the crash is not published again")
    void publishesWhatACrashLeft(KafkaTestContext kafka, PostgresTestDatabase db) throws Exception {
        new Migrator(MigrationSettings.of(db.jdbcUrl(), db.user(), db.password())).up();
        Topics topics = new Topics(kafka.topicPrefix(), new EventCodec(EventLimits.defaults()));
        kafka.createTopics(2, "rejected");
        Map<String, Object> p = kafka.producerProps();
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        RejectLog log = new RejectLog("outbox");
        TopicPartition source = new TopicPartition(topics.chatLog().name(), 0);
        RejectSink.Rejection neverPublished = rejection(source, 10);
        RejectSink.Rejection publishedButNotMarked = rejection(source, 11);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            KafkaRejectSink sink = new KafkaRejectSink(producer, topics.rejected(),
                    Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
            store(db, log, List.of(neverPublished, publishedButNotMarked));
            sink.publish(List.of(publishedButNotMarked)); // the crash came after this ack, before the mark

            RejectOutbox outbox = new RejectOutbox(db.dataSource(), log, sink, sink::publishedSince);
            outbox.publishPending(List.of(source));
            outbox.publishPending(List.of(source)); // a second positioning finds nothing left

            assertThat(TopicContents.readAll(kafka.bootstrapServers(), topics.rejected()))
                    .extracting(r -> r.value().sourceOffset()).containsExactlyInAnyOrder(10L, 11L);
            assertThat(log.unpublished(db.dataSource(), List.of(source))).isEmpty();
        }
    }

    private static RejectSink.Rejection rejection(TopicPartition source, long offset) {
        return new RejectSink.Rejection("chat-1", new Rejected("chat-1", RejectReason.DATABASE, "refused", source.topic(),
                source.partition(), offset, "{}", Instant.now()));
    }

    /** What a batch's transaction does with its refusals before the commit. */
    private static void store(PostgresTestDatabase db, RejectLog log, List<RejectSink.Rejection> rejections) throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            log.insert(c, rejections);
            c.commit();
        }
    }
}
