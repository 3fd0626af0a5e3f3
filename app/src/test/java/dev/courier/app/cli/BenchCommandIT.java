package dev.courier.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.testkit.PostgresTestDatabase;
import dev.courier.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandIT {

    @Test
    @DisplayName("courier bench all measures every phase against its reference, draws the chart, and leaves no topic or database behind")
    void benchAll(@TempDir Path dir) throws Exception {
        String bootstrap = TestKafka.bootstrapServers();
        Path chart = dir.resolve("bench.svg");
        CliRun run = CliRun.of(Map.of("COURIER_DATABASE_URL", PostgresTestDatabase.DEFAULT_SERVER_URL),
                "bench", "all", "--messages", "2000", "--rate", "100", "--seconds", "2", "--json", "--chart", chart.toString(),
                "--kafka-bootstrap", bootstrap);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("bench worker: pre-loading 2,000 messages", "bench history: loading", "bench e2e: measuring");

        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("phases").findValuesAsText("phase")).containsExactly("ingest", "worker", "sink", "history", "e2e");
        for (JsonNode phase : report.get("phases")) {
            assertThat(phase.get("figures")).as(phase.get("phase").asText()).isNotEmpty();
            for (JsonNode f : phase.get("figures")) {
                assertThat(f.get("value").asDouble()).as(f.get("name").asText()).isPositive();
                assertThat(f.get("referenceValue").asDouble()).as(f.get("reference").asText()).isPositive();
            }
        }
        JsonNode e2e = report.get("phases").get(4).get("latencies");
        assertThat(e2e.findValuesAsText("name")).hasSize(3).anyMatch(n -> n.startsWith("accepted -> inbox"));
        assertThat(e2e.get(1).get("name").asText()).startsWith("accepted -> persisted");
        assertThat(e2e.get(1).get("samples").asInt()).as("every message offered at 100/s for 2 s").isEqualTo(200);
        assertThat(e2e.get(0).get("samples").asInt()).as("a Delivery per recipient, 1 to 7 a message").isBetween(200, 1_400);
        Matcher committed = Pattern.compile("accepted -> committed[^\"]*: ([0-9,]+) messages")
                .matcher(report.get("phases").get(4).get("notes").toString());
        assertThat(committed.find()).as("a note on the sink's own histogram, scraped from /metrics").isTrue();
        assertThat(Integer.parseInt(committed.group(1).replace(",", ""))).as("the window's messages, a straggler of the"
                + " warm-up at most added").isBetween(200, 260);
        assertThat(Files.readString(chart)).contains("<svg").contains("Throughput against the same-run reference",
                "Latency distribution");

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            assertThat(admin.listTopics().names().get()).noneMatch(t -> t.startsWith("bench-"));
        }
        try (Connection c = DriverManager.getConnection(PostgresTestDatabase.DEFAULT_SERVER_URL, "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE 'courier_bench_%'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("benchmark databases left").isZero();
        }
    }

    @Test
    @DisplayName("courier bench rejects an unknown phase and out-of-range sizes with exit code 2")
    void badUsage() {
        CliRun unknown = CliRun.of(Map.of(), "bench", "nosuch");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown phase 'nosuch'", "ingest, worker, sink, history, e2e, all");
        CliRun range = CliRun.of(Map.of(), "bench", "worker", "--messages", "5");
        assertThat(range.exit()).isEqualTo(2);
        assertThat(range.err()).contains("--messages 5 is out of range");
        CliRun chart = CliRun.of(Map.of(), "bench", "worker", "--chart", "x.pdf");
        assertThat(chart.exit()).isEqualTo(2);
        assertThat(chart.err()).contains("must end in .svg or .png");
    }
}
