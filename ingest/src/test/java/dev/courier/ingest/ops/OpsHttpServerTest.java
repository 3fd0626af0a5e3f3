package dev.courier.ingest.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OpsHttpServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @DisplayName("a process without the API answers /health/ready per check (503 until all are ready), /health/live and /metrics")
    void probesAndScrapes() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("courier_probe_test").increment();
        AtomicBoolean worker = new AtomicBoolean(true);
        AtomicBoolean sink = new AtomicBoolean(false);
        Map<String, OpsRoutes.Check> checks = new LinkedHashMap<>();
        checks.put("worker", OpsRoutes.Check.flag(worker::get));
        checks.put("sink", OpsRoutes.Check.flag(sink::get));
        try (OpsHttpServer server = new OpsHttpServer(0, registry, checks)) {
            server.start();
            HttpResponse<String> notReady = get(server.port(), "/health/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).isEqualTo("{\"worker\":\"ready\",\"sink\":\"not ready\",\"status\":\"not ready\"}");
            sink.set(true);
            assertThat(get(server.port(), "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(server.port(), "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = get(server.port(), "/metrics");
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(metrics.body()).contains("courier_probe_test_total 1.0");
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
