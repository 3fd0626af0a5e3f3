package dev.courier.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny HTTP client for tests against a running {@link IngestServer}. */
final class TestApi {

    static final String PRODUCER_KEY = "producer-key-0123456789";
    static final String READER_KEY = "reader-key-0123456789";
    static final String ADMIN_KEY = "admin-key-0123456789";
    static final ApiKeys KEYS = ApiKeys.parse(PRODUCER_KEY + ":produce," + READER_KEY + ":read," + ADMIN_KEY + ":admin");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    TestApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    record Response(int status, HttpResponse<String> raw) {
        String body() {
            return raw.body();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + raw.body(), e);
            }
        }

        Response withStatus() {
            return new Response(raw.statusCode(), raw);
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    Response post(String path, String body) {
        return post(path, body, PRODUCER_KEY);
    }

    Response post(String path, String body, String key) {
        return send(request(path, key).POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
    }

    Response delete(String path) {
        return send(request(path, PRODUCER_KEY).DELETE());
    }

    Response get(String path, String key) {
        return send(request(path, key).GET());
    }

    Response send(HttpRequest.Builder request) {
        try {
            return new Response(0, client.send(request.build(), HttpResponse.BodyHandlers.ofString())).withStatus();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        return key == null ? b : b.header("Authorization", "Bearer " + key);
    }
}
