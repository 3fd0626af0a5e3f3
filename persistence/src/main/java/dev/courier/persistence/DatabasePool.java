package dev.courier.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The HikariCP pool the sink and the read repositories share, with its metrics ({@code hikaricp.connections.*},
 * tagged {@code pool}) in the given registry. The pool starts even when PostgreSQL is down (connections are made
 * when needed), so a component can report not-ready instead of failing to start.
 */
public final class DatabasePool {

    /**
     * @param poolName          also the connection's {@code application_name} (visible in {@code pg_stat_activity})
     * @param connectionTimeout how long a caller waits for a connection before getting an error
     */
    public record Settings(String url, String user, String password, int maxPoolSize, Duration connectionTimeout,
                           String poolName) {

        public static final int DEFAULT_MAX_POOL_SIZE = 10;
        public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

        public Settings {
            List<String> problems = new ArrayList<>();
            if (url == null || !url.startsWith("jdbc:postgresql:")) {
                problems.add("url must be a jdbc:postgresql: URL, was '" + url + "'");
            }
            if (user == null || user.isBlank()) {
                problems.add("user must not be blank");
            }
            if (maxPoolSize < 1 || maxPoolSize > 1_000) {
                problems.add("maxPoolSize must be 1..1000, was " + maxPoolSize);
            }
            if (connectionTimeout == null || connectionTimeout.toMillis() < 250) {
                problems.add("connectionTimeout must be at least 250 ms (HikariCP's minimum), was " + connectionTimeout);
            }
            if (poolName == null || poolName.isBlank()) {
                problems.add("poolName must not be blank");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid database pool settings: " + String.join("; ", problems));
            }
        }

        public static Settings of(String url, String user, String password, int maxPoolSize) {
            return new Settings(url, user, password, maxPoolSize, DEFAULT_CONNECTION_TIMEOUT, "courier");
        }

        public Settings withPoolName(String name) {
            return new Settings(url, user, password, maxPoolSize, connectionTimeout, name);
        }

        public Settings withConnectionTimeout(Duration timeout) {
            return new Settings(url, user, password, maxPoolSize, timeout, poolName);
        }

        @Override
        public String toString() {
            return "Settings[url=" + url + ", user=" + user + ", password=" + (password == null || password.isEmpty()
                    ? "(none)" : "****") + ", maxPoolSize=" + maxPoolSize + ", connectionTimeout=" + connectionTimeout
                    + ", poolName=" + poolName + "]";
        }
    }

    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(60);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(90);

    private DatabasePool() {
    }

    public static HikariDataSource create(String url, String user, String password, int maxPoolSize,
                                          MeterRegistry registry) {
        return create(Settings.of(url, user, password, maxPoolSize), registry);
    }

    public static HikariDataSource create(Settings settings, MeterRegistry registry) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setPoolName(settings.poolName());
        // Start without a connection: a database that is down makes callers wait and fail, not the process.
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("ApplicationName", settings.poolName());
        // A half-open TCP connection or a lock that is never released must not hang a sink lane or an HTTP thread
        // forever: the statement fails (and the sink retries with backoff) instead. Generous next to a normal batch.
        config.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
        config.setConnectionInitSql("SET statement_timeout = '" + STATEMENT_TIMEOUT.toMillis() + "ms'");
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        return new HikariDataSource(config);
    }
}
