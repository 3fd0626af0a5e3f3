package dev.courier.app.config;

import dev.courier.events.EventLimits;
import dev.courier.ingest.ApiKeys;
import dev.courier.persistence.SinkSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Builds the one {@link CourierConfig} from environment variables over an optional properties file. Every problem
 * is collected and reported together, one line each, naming the variable; nothing below the entry point reads the
 * environment.
 */
public final class ConfigLoader {

    private static final Pattern HOST_PORT = Pattern.compile("[^\\s,:]+:\\d{1,5}");

    private final Map<String, String> values;
    private final Map<String, String> origins;
    private final List<String> problems = new ArrayList<>();

    private ConfigLoader(Map<String, String> env, Map<String, String> file) {
        this.values = new TreeMap<>();
        this.origins = new TreeMap<>();
        file.forEach((k, v) -> put(normalize(k), v, "file"));
        env.forEach((k, v) -> {
            if (k.startsWith("COURIER_")) {
                put(k, v, "env");
            }
        });
    }

    private void put(String key, String value, String origin) {
        values.put(key, value.trim());
        origins.put(key, origin);
    }

    /** Loads from {@code env} (e.g. {@code System.getenv()}) over the properties in {@code configFile}, if given. */
    public static CourierConfig load(Map<String, String> env, Optional<Path> configFile) {
        return new ConfigLoader(env, configFile.map(ConfigLoader::readFile).orElse(Map.of())).build();
    }

    /** The effective configuration as lines for the start-up log, secrets masked, with where each value came from. */
    public static List<String> describe(Map<String, String> env, Optional<Path> configFile) {
        ConfigLoader l = new ConfigLoader(env, configFile.map(ConfigLoader::readFile).orElse(Map.of()));
        List<String> lines = new ArrayList<>();
        for (Setting s : Settings.ALL) {
            String v = l.values.get(s.name());
            String origin = v == null ? "default" : l.origins.get(s.name());
            String shown = v == null ? s.defaultValue() : v;
            if (shown != null && s.secret() && !shown.isEmpty()) {
                shown = "****";
            }
            lines.add(s.name() + "=" + (shown == null ? "(unset)" : shown) + " (" + origin + ")");
        }
        l.values.keySet().stream().filter(k -> k.startsWith(Settings.KAFKA_PROP_PREFIX))
                .forEach(k -> lines.add(k + "=" + (looksSecret(k) ? "****" : l.values.get(k)) + " (" + l.origins.get(k) + ")"));
        return lines;
    }

    private CourierConfig build() {
        String bootstrap = string(Settings.KAFKA_BOOTSTRAP);
        for (String hp : bootstrap.split(",")) {
            if (!HOST_PORT.matcher(hp.trim()).matches()) {
                problem(Settings.KAFKA_BOOTSTRAP, bootstrap, "expected host:port[,host:port...]");
                break;
            }
        }
        String prefix = string(Settings.TOPIC_PREFIX);
        if (!prefix.matches("[a-zA-Z0-9._-]{0,200}")) {
            problem(Settings.TOPIC_PREFIX, prefix, "only a-z, A-Z, 0-9, '.', '_' and '-' are allowed in topic names");
        }
        int partitions = integer(Settings.PARTITIONS, 1, 10_000);
        Optional<Short> replication = optional(Settings.REPLICATION_FACTOR).map(v -> (short) integer(Settings.REPLICATION_FACTOR, 1, 32));
        String url = string(Settings.DATABASE_URL);
        if (!url.startsWith("jdbc:postgresql://")) {
            problem(Settings.DATABASE_URL, url, "expected jdbc:postgresql://host[:port]/database");
        }
        String user = string(Settings.DATABASE_USER);
        if (user.isEmpty()) {
            problem(Settings.DATABASE_USER, user, "must not be empty");
        }
        int poolSize = integer(Settings.DATABASE_POOL_SIZE, 2, 1000);
        boolean runMigrations = bool(Settings.RUN_MIGRATIONS);
        int httpPort = integer(Settings.HTTP_PORT, 0, 65_535);
        Optional<ApiKeys> apiKeys = apiKeys();
        Duration publishTimeout = duration(Settings.PUBLISH_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(5));
        Path dataDir = path(Settings.DATA_DIR);
        int maxContent = integer(Settings.MAX_CONTENT_BYTES, 1, 1024 * 1024);
        int workerThreads = integer(Settings.WORKER_THREADS, 1, 64);
        Duration dedupWindow = duration(Settings.DEDUP_WINDOW, Duration.ofMinutes(1), Duration.ofDays(365));
        Duration commitInterval = duration(Settings.WORKER_COMMIT_INTERVAL, Duration.ofMillis(1), Duration.ofMinutes(10));
        int batchRows = integer(Settings.SINK_BATCH_ROWS, 1, SinkSettings.MAX_BATCH_ROWS);
        Duration linger = duration(Settings.SINK_LINGER, Duration.ZERO, Duration.ofSeconds(10));
        int writers = integer(Settings.SINK_WRITERS, 1, 64);
        if (problems.isEmpty() && poolSize < writers + 1) {
            problems.add(Settings.DATABASE_POOL_SIZE.name() + "='" + poolSize + "': must be at least "
                    + Settings.SINK_WRITERS.name() + " + 1 (" + (writers + 1) + ") so the read API keeps a connection");
        }
        Map<String, String> kafkaProps = kafkaPassThrough();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new CourierConfig(
                new CourierConfig.Kafka(bootstrap, prefix, partitions, replication, kafkaProps),
                new CourierConfig.Database(url, user, string(Settings.DATABASE_PASSWORD), poolSize, runMigrations),
                new CourierConfig.Http(httpPort, apiKeys, publishTimeout),
                new CourierConfig.Worker(workerThreads, dedupWindow, commitInterval),
                new CourierConfig.Sink(batchRows, linger, writers),
                dataDir,
                new EventLimits(maxContent));
    }

    private Map<String, String> kafkaPassThrough() {
        Map<String, String> props = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(Settings.KAFKA_PROP_PREFIX)) {
                String name = k.substring(Settings.KAFKA_PROP_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                if (name.isEmpty()) {
                    problems.add(k + ": a Kafka property name must follow the prefix, e.g. COURIER_KAFKA_PROP_SECURITY_PROTOCOL");
                } else if (name.equals("bootstrap.servers")) {
                    problems.add(k + ": set the bootstrap servers with " + Settings.KAFKA_BOOTSTRAP.name());
                } else {
                    props.put(name, v);
                }
            }
        });
        return props;
    }

    private String string(Setting s) {
        String v = values.get(s.name());
        return v == null ? s.defaultValue() : v;
    }

    private Optional<String> optional(Setting s) {
        return Optional.ofNullable(values.get(s.name())).filter(v -> !v.isEmpty());
    }

    private int integer(Setting s, int min, int max) {
        String v = string(s);
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                problem(s, v, "must be between " + min + " and " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            problem(s, v, "not an integer");
            return min;
        }
    }

    private Optional<ApiKeys> apiKeys() {
        Optional<String> spec = optional(Settings.API_KEYS);
        try {
            return spec.map(ApiKeys::parse);
        } catch (IllegalArgumentException e) {
            // ApiKeys names entries by position and never echoes a key.
            problems.add(e.getMessage());
            return Optional.empty();
        }
    }

    private Duration duration(Setting s, Duration min, Duration max) {
        String v = string(s);
        Optional<Duration> d = Durations.parse(v);
        if (d.isEmpty()) {
            problem(s, v, "not a duration; use e.g. 250ms, 5s, 10m, 24h, 7d or ISO-8601 (PT5S)");
            return min;
        }
        if (d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
            problem(s, v, "must be between " + Durations.format(min) + " and " + Durations.format(max));
        }
        return d.get();
    }

    private boolean bool(Setting s) {
        String v = string(s).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            problem(s, v, "must be true or false");
        }
        return v.equals("true");
    }

    private Path path(Setting s) {
        String v = string(s);
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            problem(s, v, "not a valid path: " + e.getReason());
            return Path.of(".");
        }
    }

    private void problem(Setting s, String value, String why) {
        String shown = s.secret() ? "****" : "'" + value + "'";
        problems.add(s.name() + "=" + shown + ": " + why);
    }

    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException(List.of("--config " + file + ": cannot read it (" + e.getMessage() + ")"));
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    /** {@code courier.http.port} and {@code COURIER_HTTP_PORT} name the same setting. */
    static String normalize(String key) {
        return key.trim().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static boolean looksSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("jaas") || k.contains("key");
    }

    /** Variables that start with COURIER_ but are not settings: likely typos worth a warning. */
    public static List<String> unknownVariables(Map<String, String> env) {
        List<String> unknown = new ArrayList<>();
        for (String k : new TreeMap<>(env).keySet()) {
            if (k.startsWith("COURIER_") && !k.startsWith(Settings.KAFKA_PROP_PREFIX) && !k.startsWith("COURIER_TEST_")
                    && Settings.ALL.stream().noneMatch(s -> s.name().equals(k))) {
                unknown.add(k);
            }
        }
        return unknown;
    }
}
