package dev.courier.bench.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Requests on a fixed pool of threads with keep-alive connections, so the load generator stays cheap next to the
 * pipeline it measures; requests queue when every thread is busy, which keeps an open-loop schedule open.
 */
public final class BenchHttpClient implements AutoCloseable {

    private static final int THREADS = 32;

    /** An HTTP answer: status and body. */
    public record Answer(int status, String body) {
    }

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "bench-http-client");
        t.setDaemon(true);
        return t;
    });
    // The client's own tasks need threads of their own: on the pool above, 32 blocked sends would starve them.
    private final ExecutorService io = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "bench-http-io");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().executor(io).version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String key;

    public BenchHttpClient(int port, String key) {
        this.base = "http://127.0.0.1:" + port;
        this.key = key;
    }

    /** Sends on the client's pool: for an open-loop schedule, which must not wait for earlier answers. */
    public CompletableFuture<Answer> post(String path, String json) {
        HttpRequest request = postRequest(path, json);
        return CompletableFuture.supplyAsync(() -> call(request), pool);
    }

    /** Sends on the calling thread: for a closed loop, one request at a time per caller. */
    public Answer postNow(String path, String json) {
        return call(postRequest(path, json));
    }

    private HttpRequest postRequest(String path, String json) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    public Answer get(String path) {
        return call(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key).build());
    }

    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (get("/health/ready").status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pipeline was not ready within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100); // a benchmark's poll
        }
    }

    private Answer call(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        io.shutdownNow();
    }
}
