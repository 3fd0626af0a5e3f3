package dev.courier.app.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code courier <command>} as a real child process of the shaded jar, as an operator runs it: started with its
 * environment, killed with SIGKILL (no shutdown hook, no flush, no commit) and started again on the same data
 * directory and HTTP port. Output goes to a log file per start under {@code target/chaos-logs}.
 */
final class CourierProcess implements AutoCloseable {

    /** The jar {@code mvn package} built; integration tests run after it. */
    static final Path JAR = Path.of("target", "courier.jar");
    private static final Path LOGS = Path.of("target", "chaos-logs");

    private final String name;
    private final String command;
    private final Map<String, String> env;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;
    private int kills;

    /**
     * @param env     the COURIER_* settings; COURIER_HTTP_PORT is chosen here
     * @param dataDir this process's COURIER_DATA_DIR, kept across restarts (the worker's state stores live there)
     */
    CourierProcess(String name, String command, Map<String, String> env, Path dataDir) {
        this.name = name;
        this.command = command;
        this.httpPort = freePort();
        this.env = new HashMap<>(env);
        this.env.put("COURIER_HTTP_PORT", Integer.toString(httpPort));
        this.env.put("COURIER_DATA_DIR", dataDir.toString());
    }

    String name() {
        return name;
    }

    int httpPort() {
        return httpPort;
    }

    int kills() {
        return kills;
    }

    synchronized CourierProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: integration tests run after `mvn package`");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Small heaps and quick JIT: several JVMs share two cores with the broker and the test.
        cmd.addAll(List.of("-Xms64m", "-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
                JAR.toAbsolutePath().toString(), command));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("COURIER_"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        try {
            Files.createDirectories(LOGS);
            pb.redirectOutput(LOGS.resolve(name + "-" + (++starts) + ".log").toFile());
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        return this;
    }

    /** SIGKILL, as the kernel's OOM killer or a lost machine would: nothing runs on the way out. */
    synchronized void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kills++;
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** GET /health/ready answers 200. */
    boolean isReady() {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM and wait: a clean stop at the end of a test. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (" + command + ", port " + httpPort + ", started " + starts + "x, killed " + kills + "x)";
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
