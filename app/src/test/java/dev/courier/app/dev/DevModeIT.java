package dev.courier.app.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.courier.app.config.ConfigLoader;
import dev.courier.app.config.CourierConfig;
import dev.courier.events.EventCodec;
import dev.courier.events.Topic;
import dev.courier.events.Topics;
import dev.courier.testkit.PostgresTestDatabase;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevModeIT {

    @Test
    @DisplayName("courier dev starts a broker at the configured address, creates topics and the database, and keeps them across a restart")
    void startsAndRestarts(@TempDir Path dataDir) throws Exception {
        PostgresTestDatabase server = PostgresTestDatabase.create("devmode");
        // DevMode must create this database itself: name one that does not exist yet.
        String url = server.jdbcUrl() + "_fresh";
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CourierConfig config = ConfigLoader.load(Map.of(
                "COURIER_KAFKA_BOOTSTRAP", "127.0.0.1:" + port,
                "COURIER_DATABASE_URL", url,
                "COURIER_DATA_DIR", dataDir.toString(),
                "COURIER_PARTITIONS", "2",
                "COURIER_HTTP_PORT", "0"), Optional.empty());
        try {
            try (DevMode dev = new DevMode(config)) {
                dev.start();
                assertThat(topicNames(config)).contains("courier.chat-log", "courier.chat-events.in", "courier.rejected");
                // The database is created and migrated in the background (writes do not wait for it).
                await().atMost(Duration.ofSeconds(90)).until(() -> dev.pipeline().isReady());
            }
            try (DevMode dev = new DevMode(config)) {
                dev.start();
                assertThat(topicNames(config)).containsAll(new Topics(config.kafka().topicPrefix(),
                        new EventCodec(config.limits())).all().stream().map(Topic::name).toList());
                assertThat(dev.pipeline().httpPort()).isPositive();
            }
            try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
                rs.next();
                assertThat(rs.getInt(1)).as("migrations applied once").isGreaterThanOrEqualTo(17);
            }
        } finally {
            try (Connection c = server.connect(); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + server.name() + "_fresh WITH (FORCE)");
            }
            server.close();
        }
    }

    @Test
    @DisplayName("courier dev refuses a bootstrap address it cannot listen on, naming the variable")
    void refusesRemoteBootstrap() {
        assertThatThrownBy(() -> DevMode.localPort("kafka.example.com:9092"))
                .hasMessageStartingWith("COURIER_KAFKA_BOOTSTRAP='kafka.example.com:9092'");
        assertThat(DevMode.localPort("localhost:19092")).isEqualTo(19092);
    }

    private static Set<String> topicNames(CourierConfig config) throws Exception {
        try (Admin admin = Admin.create(config.kafka().commonClientProperties())) {
            return admin.listTopics().names().get();
        }
    }
}
