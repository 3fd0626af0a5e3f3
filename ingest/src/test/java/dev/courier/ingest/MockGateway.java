package dev.courier.ingest;

import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.Topics;
import dev.courier.ingest.internal.Readiness;
import dev.courier.ingest.read.ReadApi;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An {@link IngestServer} on a free port with a {@link MockProducer} instead of a broker: for tests of HTTP shape,
 * validation, auth and failure answers, where counting what was published is the point.
 */
final class MockGateway implements AutoCloseable {

    static final Topics TOPICS = new Topics("t.", new EventCodec(EventLimits.defaults()));

    final MockProducer<String, byte[]> producer;
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final IngestServer server;
    final TestApi api;

    MockGateway() {
        this(true, IngestSettings.defaults(TestApi.KEYS).withHost("127.0.0.1").withPort(0), Optional.empty());
    }

    MockGateway(boolean autoAck, IngestSettings settings, Optional<ReadApi> readApi) {
        this.producer = new MockProducer<>(autoAck, null, new StringSerializer(), new ByteArraySerializer());
        this.server = new IngestServer(settings, TOPICS, () -> producer, Readiness::always, registry, readApi);
        server.start();
        this.api = new TestApi(server.port());
    }

    static IngestSettings settings(Duration publishTimeout) {
        return IngestSettings.defaults(TestApi.KEYS).withHost("127.0.0.1").withPort(0).withPublishTimeout(publishTimeout);
    }

    List<ProducerRecord<String, byte[]>> published() {
        return producer.history();
    }

    @Override
    public void close() {
        server.stop();
    }
}
