package dev.courier.app.run;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.List;

/**
 * The Kafka client and Kafka Streams meters Courier does not export. Bound whole, Kafka's metrics were four fifths of
 * a scrape (850 KB under load), most of them per RocksDB store, per processor node or per broker connection, and
 * mostly 0 or NaN. What stays: per-client and per-thread totals, consumer lag, transactions, and the task-level
 * dropped-records count; Courier's own {@code courier_*} meters count records per topic. Denied meters are never
 * read, so their value functions (RocksDB properties among them) cost nothing either. docs/operations.md lists
 * the families.
 */
final class UnexportedKafkaMetrics implements MeterFilter {

    /** Name prefixes of whole families (Micrometer's dotted names). */
    private static final List<String> FAMILIES = List.of(
            "kafka.stream.state.",          // RocksDB and store metrics, per store and task
            "kafka.stream.processor.node.", // per processor node and task
            "kafka.stream.topic.",          // per topic and task: courier.worker.records.in/out count per topic
            "kafka.consumer.node.",         // per broker connection
            "kafka.producer.node.",
            "kafka.admin.client.",          // the lag sampler's admin client
            "kafka.producer.topic.",        // per topic: courier.worker.records.out and ingest's meters count per topic
            "kafka.consumer.fetch.manager.preferred.read.replica");

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        String name = id.getName();
        if (!name.startsWith("kafka.")) {
            return MeterFilterReply.NEUTRAL;
        }
        for (String family : FAMILIES) {
            if (name.startsWith(family)) {
                return MeterFilterReply.DENY;
            }
        }
        // SASL (re)authentication figures, 0 or NaN without SASL; a failed authentication stays (it is worth an alert).
        if (name.contains("authentication") && !name.contains(".failed.authentication")) {
            return MeterFilterReply.DENY;
        }
        // Per partition or per topic, the fetch manager repeats its client-level figures once for every partition a
        // consumer owns; courier_consumer_lag_* reports lag per group and topic. records-lag-max stays per partition:
        // Micrometer keeps only the most-tagged of same-named meters, so the client-level one is not bound at all.
        if (name.startsWith("kafka.consumer.fetch.manager.") && !name.equals("kafka.consumer.fetch.manager.records.lag.max")
                && (id.getTag("partition") != null || id.getTag("topic") != null)) {
            return MeterFilterReply.DENY;
        }
        // Per task, only the dropped-records count is one an operator alerts on.
        if (name.startsWith("kafka.stream.task.") && !name.startsWith("kafka.stream.task.dropped.records")) {
            return MeterFilterReply.DENY;
        }
        // Kafka publishes each event count twice: "-total" and a "-rate" over its own 30 s window. Prometheus takes
        // rate() of the total over any window. (The producer's compression-rate-avg, a ratio, ends in ".avg".)
        if (name.endsWith(".rate")) {
            return MeterFilterReply.DENY;
        }
        return MeterFilterReply.NEUTRAL;
    }
}
