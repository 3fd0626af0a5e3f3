package dev.courier.app.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sink's {@code courier_pipeline_persisted_latency} histogram (acceptedAt to the commit of the transaction that
 * stored the message) as an operator's Prometheus scrape of {@code /metrics} sees it: cumulative counts per bucket
 * bound. {@code messages.persisted_at} is the transaction's start ({@code now()}), so it leaves out the write it was
 * part of; this histogram does not, at the resolution of its buckets. Its p99 is named by its bucket, not interpolated
 * within it as the status page's {@code StatusHistory.quantileMillis} does: inside a 250-500 ms bucket an interpolated
 * figure claims a precision the histogram does not have.
 *
 * @param cumulative bucket upper bound in seconds, as exposed → messages at or under it ({@code +Inf} as
 *                   {@link Double#POSITIVE_INFINITY})
 */
record CommitLatencyScrape(Map<Double, Double> cumulative) {

    private static final Pattern BUCKET = Pattern.compile(
            "^courier_pipeline_persisted_latency_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*} (\\S+)$", Pattern.MULTILINE);

    static CommitLatencyScrape of(int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /metrics answered " + response.statusCode());
        }
        return parse(response.body());
    }

    static CommitLatencyScrape parse(String exposition) {
        Map<Double, Double> buckets = new TreeMap<>();
        Matcher m = BUCKET.matcher(exposition);
        while (m.find()) {
            double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
            buckets.merge(le, Double.parseDouble(m.group(2)), Double::sum);
        }
        return new CommitLatencyScrape(buckets);
    }

    /** What was recorded between {@code earlier} and this scrape. */
    CommitLatencyScrape since(CommitLatencyScrape earlier) {
        Map<Double, Double> diff = new TreeMap<>();
        cumulative.forEach((le, n) -> diff.put(le, n - earlier.cumulative.getOrDefault(le, 0.0)));
        return new CommitLatencyScrape(diff);
    }

    double count() {
        return cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    }

    /**
     * The share of messages committed within {@code ms} (a bucket bound), 0 to 1; NaN if none was recorded. The
     * sink's bounds (5 ms to 10 s) convert between ms and seconds exactly, as doubles.
     */
    double shareWithin(double ms) {
        return cumulative.getOrDefault(ms / 1000, Double.NaN) / count();
    }

    /** The smallest bucket bound, in ms, under which at least {@code q} of the messages were committed. */
    double quantileBound(double q) {
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= q * count()) {
                return e.getKey() * 1000;
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
