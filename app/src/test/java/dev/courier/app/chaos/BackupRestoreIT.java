package dev.courier.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.app.TestEnvironment;
import dev.courier.app.config.ConfigLoader;
import dev.courier.app.config.CourierConfig;
import dev.courier.app.kafka.TopicCreator;
import dev.courier.app.run.Pipeline;
import dev.courier.events.EventCodec;
import dev.courier.events.Topics;
import dev.courier.testkit.KafkaExtension;
import dev.courier.testkit.KafkaTestContext;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's backup and restore: {@code pg_dump -Fc} while messages flow, the database lost, {@code pg_restore}
 * into a new one. The sink keeps its offsets in PostgreSQL with the rows, so the restored database carries the
 * position it was backed up at, and the sink re-reads from there by itself: every message ends up stored once.
 */
@ExtendWith({KafkaExtension.class, PostgresDatabaseExtension.class})
class BackupRestoreIT {

    private static final String KEY = "backup-admin-key";
    private static final int MESSAGES = 1_200;

    @Test
    @DisplayName("a pg_dump taken mid-run and restored after the database was dropped catches up by itself: every 202'd message once")
    void restoredDatabaseCatchesUp(KafkaTestContext kafka, PostgresTestDatabase db, @TempDir Path dir) throws Exception {
        Map<String, String> env = TestEnvironment.of(kafka.bootstrapServers(), kafka.topicPrefix(), db, dir.resolve("data"), KEY);
        CourierConfig config = ConfigLoader.load(env, Optional.empty());
        Topics topics = new Topics(kafka.topicPrefix(), new EventCodec(config.limits()));
        new TopicCreator(kafka.admin()).createAll(topics, 2, Optional.empty());
        PipelineAudit audit = new PipelineAudit(kafka.bootstrapServers(), topics, db);
        Path dump = dir.resolve("courier.dump");

        try (Pipeline front = new Pipeline(config, EnumSet.of(Pipeline.Part.INGEST, Pipeline.Part.WORKER),
                config.http().apiKeys())) {
            front.start();
            ChatTraffic traffic = new ChatTraffic(front::httpPort, KEY, 6);
            try (Pipeline sink = new Pipeline(config, EnumSet.of(Pipeline.Part.SINK), Optional.empty())) {
                sink.start();
                await().atMost(Duration.ofSeconds(90)).until(() -> front.isReady() && sink.isReady());
                traffic.createChats(8, 3);
                CompletableFuture<Void> load = CompletableFuture.runAsync(() ->
                        traffic.sendMessages(MESSAGES, Duration.ofSeconds(12)));
                await().atMost(Duration.ofSeconds(60)).until(() -> count(db, "SELECT count(*) FROM messages") >= MESSAGES / 4);
                run(db, "pg_dump", "--format=custom", "--file=" + dump, "--dbname=" + libpqUrl(db));
                load.get(3, TimeUnit.MINUTES);
                audit.assertExactlyOnce(traffic.chatIds(), traffic.accepted(), Duration.ofMinutes(2));
            }

            onServer(db, "DROP DATABASE " + db.name() + " WITH (FORCE)");
            onServer(db, "CREATE DATABASE " + db.name());
            run(db, "pg_restore", "--exit-on-error", "--dbname=" + libpqUrl(db), dump.toString());
            long inBackup = count(db, "SELECT count(*) FROM messages");
            assertThat(inBackup).as("messages in the backup").isPositive().isLessThan(MESSAGES);
            assertThat(count(db, "SELECT count(*) FROM sink_offsets WHERE next_offset > 0")).as("offsets in the backup")
                    .isPositive();

            try (Pipeline sink = new Pipeline(config, EnumSet.of(Pipeline.Part.SINK), Optional.empty())) {
                sink.start();
                audit.assertExactlyOnce(traffic.chatIds(), traffic.accepted(), Duration.ofMinutes(2));
            }
            assertThat(traffic.accepted()).hasSize(MESSAGES);
        }
    }

    /** The libpq form of the test database's JDBC URL, for PostgreSQL's own tools. */
    private static String libpqUrl(PostgresTestDatabase db) {
        String url = db.jdbcUrl().substring("jdbc:".length());
        return url.replaceFirst("//", "//" + db.user() + "@");
    }

    private static void run(PostgresTestDatabase db, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", db.password());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(command[0] + " finished").isTrue();
        assertThat(p.exitValue()).as(String.join(" ", List.of(command)) + ": " + output).isZero();
    }

    private static void onServer(PostgresTestDatabase db, String sql) throws SQLException {
        String server = db.jdbcUrl().replace("/" + db.name(), "/postgres");
        try (Connection c = DriverManager.getConnection(server, db.user(), db.password()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(PostgresTestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
