package dev.courier.app.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.app.config.ConfigLoader;
import dev.courier.app.config.CourierConfig;
import dev.courier.events.EventCodec;
import dev.courier.events.RejectReason;
import dev.courier.events.Topics;
import dev.courier.testkit.PostgresTestDatabase;
import dev.courier.testkit.TopicContents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTrafficIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @DisplayName("courier dev --demo fills every table and the rejected topic, answers a bad request 400, and its banner's commands work")
    void demoFillsThePipeline(@TempDir Path dataDir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (PostgresTestDatabase db = PostgresTestDatabase.create("demo")) {
            CourierConfig config = ConfigLoader.load(Map.of(
                    "COURIER_KAFKA_BOOTSTRAP", "127.0.0.1:" + port,
                    "COURIER_DATABASE_URL", db.jdbcUrl(),
                    "COURIER_DATA_DIR", dataDir.toString(),
                    "COURIER_PARTITIONS", "2",
                    "COURIER_HTTP_PORT", "0"), Optional.empty());
            Topics topics = new Topics(config.kafka().topicPrefix(), new EventCodec(config.limits()));
            String banner;
            try (DevMode dev = new DevMode(config, true, OptionalInt.of(100))) {
                banner = startCapturingStdout(dev);
                String key = Files.readString(dataDir.resolve(DevAdminKey.FILE_NAME)).strip();
                String base = "http://127.0.0.1:" + dev.pipeline().httpPort();
                assertThat(banner).contains("admin key    " + key, base + "/metrics", "kcat -b 127.0.0.1:" + port,
                        "-t courier.inbox", "isolation.level=read_committed", "courier lag");

                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    try (Connection c = db.connect()) {
                        assertThat(count(c, "SELECT count(DISTINCT m.chat_id) FROM messages m JOIN chats c ON c.id = m.chat_id WHERE c.type = 'direct'"))
                                .as("direct chats with messages").isEqualTo(3);
                        assertThat(count(c, "SELECT count(DISTINCT m.chat_id) FROM messages m JOIN chats c ON c.id = m.chat_id WHERE c.type = 'group'"))
                                .as("group chats with messages").isEqualTo(2);
                        assertThat(count(c, "SELECT count(*) FROM receipt_log")).as("receipts").isPositive();
                        assertThat(count(c, "SELECT count(*) FROM chat_participants WHERE read_seq > 0")).as("read watermarks").isPositive();
                        assertThat(count(c, "SELECT count(*) FROM unread_messages")).as("unread counters").isPositive();
                    }
                    assertThat(metric(base, "courier_ingest_rejected_total")).as("a request answered 400").isPositive();
                });
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(TopicContents.readAll(config.kafka().bootstrap(), topics.rejected()))
                                .anySatisfy(r -> assertThat(r.value().reason()).isEqualTo(RejectReason.NOT_A_MEMBER)));

                // The banner's history command, as pasted: its chat has messages.
                Matcher curl = Pattern.compile("curl -s -H 'Authorization: Bearer (\\S+)' '(\\S+)'").matcher(banner);
                assertThat(curl.find()).as("a curl command in the banner").isTrue();
                HttpResponse<String> history = http.send(HttpRequest.newBuilder(URI.create(curl.group(2)))
                        .header("Authorization", "Bearer " + curl.group(1)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(history.statusCode()).isEqualTo(200);
                assertThat(history.body()).contains("\"seq\"");
            }
            try (DevMode again = new DevMode(config, true, OptionalInt.empty())) {
                String second = startCapturingStdout(again);
                assertThat(second).as("the key is reused on the next start")
                        .contains(Files.readString(dataDir.resolve(DevAdminKey.FILE_NAME)).strip())
                        .doesNotContain("generated");
            }
        }
    }

    private static String startCapturingStdout(DevMode dev) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            dev.start();
        } finally {
            System.setOut(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The sum of a counter's samples in the process's own scrape. */
    private double metric(String base, String name) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
