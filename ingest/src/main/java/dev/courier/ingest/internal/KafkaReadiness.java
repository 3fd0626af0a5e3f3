package dev.courier.ingest.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes Kafka every {@code interval} with a cheap {@code describeCluster} that may take at most {@code interval}.
 * Not ready until the first probe succeeds; not ready from the first failed probe until the next good one.
 */
public final class KafkaReadiness implements Readiness {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaReadiness.class);

    private final Admin admin;
    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "courier-ingest-readiness");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean ready;
    private volatile String detail = "kafka not probed yet";

    public KafkaReadiness(Admin admin, Duration interval) {
        this.admin = admin;
        this.interval = interval;
    }

    @Override
    public void start() {
        scheduler.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void probe() {
        int timeoutMs = (int) interval.toMillis();
        try {
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs));
            int nodes = cluster.nodes().get(timeoutMs + 500L, TimeUnit.MILLISECONDS).size();
            String id = cluster.clusterId().get(timeoutMs + 500L, TimeUnit.MILLISECONDS);
            if (!ready) {
                LOG.info("Kafka is reachable (cluster {}, {} broker(s)): ready", id, nodes);
            }
            detail = "kafka reachable (cluster " + id + ", " + nodes + (nodes == 1 ? " broker)" : " brokers)");
            ready = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (ready) {
                LOG.warn("Kafka is unreachable: not ready ({})", cause.toString());
            }
            detail = "kafka unreachable: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            ready = false;
        }
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public String detail() {
        return detail;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(2));
    }
}
