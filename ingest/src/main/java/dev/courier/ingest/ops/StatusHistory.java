package dev.courier.ingest.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The last 15 minutes of the process's own meters, for the status page: every 5 s it reads the registry and keeps
 * what changed since the previous reading, so the page needs no Prometheus. Series a process does not have (no worker
 * in {@code courier sink}) stay empty.
 */
public final class StatusHistory implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(5);
    static final int POINTS = 180;

    /** Messages sequenced by the worker: its latency timer records one per message it emits. */
    static final String SEQUENCED = "courier.worker.latency";
    /** Accepted → persisted latency, one record per message the sink commits. */
    static final String PERSISTED = "courier.pipeline.persisted.latency";
    static final String LAG = "courier.consumer.lag.records";
    /** Reject counters and the component each belongs to. */
    static final Map<String, String> REJECTS = Map.of(
            "courier.ingest.rejected", "ingest",
            "courier.worker.rejects", "worker",
            "courier.sink.rejects", "sink");

    private final MeterRegistry registry;
    private final LongSupplier clock;
    private final Deque<Point> points = new ArrayDeque<>(POINTS);
    private ScheduledExecutorService sampler;
    private Reading previous;

    /** One interval: rates per second, latency quantiles in milliseconds (null when nothing was persisted). */
    record Point(long atMillis, Double sequenced, Double persisted, Double p50, Double p99, Map<String, Double> lag,
                 Map<String, Double> rejectsPerMinute) {
    }

    /** Cumulative values at one instant. */
    private record Reading(long atMillis, Double sequenced, Histogram persisted, Map<String, Double> lag,
                           Map<String, Double> rejects) {
    }

    /** Cumulative counts at each upper bound (seconds), and the total. */
    private record Histogram(double[] bounds, double[] counts, double total) {
    }

    public StatusHistory(MeterRegistry registry) {
        this(registry, System::currentTimeMillis);
    }

    StatusHistory(MeterRegistry registry, LongSupplier clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Takes a first reading now and one every {@link #INTERVAL} on a daemon thread. */
    public void start() {
        sample();
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "courier-status-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(this::sample, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads the meters and, from the second reading on, adds a point. */
    synchronized void sample() {
        Reading now = read();
        if (previous != null && now.atMillis() > previous.atMillis()) {
            if (points.size() == POINTS) {
                points.removeFirst();
            }
            points.addLast(between(previous, now));
        }
        previous = now;
    }

    synchronized List<Point> points() {
        return List.copyOf(points);
    }

    /** The points as columns, as a chart takes them: one array of times and one of values per series. */
    public Map<String, Object> series() {
        List<Point> ps = points();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("intervalSeconds", INTERVAL.toSeconds());
        out.put("t", ps.stream().map(p -> p.atMillis() / 1000.0).toList());
        out.put("sequenced", ps.stream().map(Point::sequenced).toList());
        out.put("persisted", ps.stream().map(Point::persisted).toList());
        out.put("p50", ps.stream().map(Point::p50).toList());
        out.put("p99", ps.stream().map(Point::p99).toList());
        out.put("lag", columns(ps, Point::lag));
        out.put("rejectsPerMinute", columns(ps, Point::rejectsPerMinute));
        return out;
    }

    private static Map<String, List<Double>> columns(List<Point> ps, Function<Point, Map<String, Double>> f) {
        TreeSet<String> keys = new TreeSet<>();
        ps.forEach(p -> keys.addAll(f.apply(p).keySet()));
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (String k : keys) {
            out.put(k, ps.stream().map(p -> f.apply(p).get(k)).toList());
        }
        return out;
    }

    private Reading read() {
        Collection<Timer> sequenced = registry.find(SEQUENCED).timers();
        Double seq = sequenced.isEmpty() ? null : sequenced.stream().mapToDouble(Timer::count).sum();
        Timer persisted = registry.find(PERSISTED).timer();
        Map<String, Double> lag = new TreeMap<>();
        for (Gauge g : registry.find(LAG).gauges()) {
            String group = g.getId().getTag("group");
            double v = g.value();
            if (group != null && !Double.isNaN(v)) {
                lag.merge(group, v, Double::sum);
            }
        }
        Map<String, Double> rejects = new TreeMap<>();
        REJECTS.forEach((name, component) -> {
            for (Counter c : registry.find(name).counters()) {
                String reason = c.getId().getTag("reason");
                rejects.merge(component + ": " + (reason == null ? "all" : reason), c.count(), Double::sum);
            }
        });
        return new Reading(clock.getAsLong(), seq, persisted == null ? null : histogram(persisted), lag, rejects);
    }

    private static Histogram histogram(Timer timer) {
        CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
        double[] bounds = new double[buckets.length];
        double[] counts = new double[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            bounds[i] = buckets[i].bucket(TimeUnit.SECONDS);
            counts[i] = buckets[i].count();
        }
        return new Histogram(bounds, counts, timer.count());
    }

    private static Point between(Reading a, Reading b) {
        double seconds = (b.atMillis() - a.atMillis()) / 1000.0;
        Double sequenced = a.sequenced() == null || b.sequenced() == null ? null
                : Math.max(0, b.sequenced() - a.sequenced()) / seconds;
        Double persisted = null;
        Double p50 = null;
        Double p99 = null;
        if (a.persisted() != null && b.persisted() != null) {
            double n = b.persisted().total() - a.persisted().total();
            persisted = Math.max(0, n) / seconds;
            if (n > 0) {
                p50 = quantileMillis(0.50, a.persisted(), b.persisted(), n);
                p99 = quantileMillis(0.99, a.persisted(), b.persisted(), n);
            }
        }
        Map<String, Double> rejects = new TreeMap<>();
        b.rejects().forEach((k, v) -> rejects.put(k, Math.max(0, v - a.rejects().getOrDefault(k, 0.0)) * 60 / seconds));
        return new Point(b.atMillis(), sequenced, persisted, p50, p99, b.lag(), rejects);
    }

    /**
     * The q-quantile of what was recorded between two readings, interpolated within its bucket as Prometheus's
     * histogram_quantile does; above the last bound it is that bound.
     */
    static double quantileMillis(double q, double[] bounds, double[] countsA, double[] countsB, double n) {
        double rank = q * n;
        double lowerBound = 0;
        double lowerCount = 0;
        for (int i = 0; i < bounds.length; i++) {
            double c = countsB[i] - countsA[i];
            if (c >= rank) {
                double inBucket = c - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return (lowerBound + (bounds[i] - lowerBound) * fraction) * 1000;
            }
            lowerBound = bounds[i];
            lowerCount = c;
        }
        return lowerBound * 1000;
    }

    private static double quantileMillis(double q, Histogram a, Histogram b, double n) {
        return quantileMillis(q, b.bounds(), a.counts(), b.counts(), n);
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }
}
