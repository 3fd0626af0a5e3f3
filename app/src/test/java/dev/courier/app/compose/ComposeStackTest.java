package dev.courier.app.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.courier.app.cli.EnvironmentFactory;
import dev.courier.app.Main;
import dev.courier.app.config.Setting;
import dev.courier.app.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The compose stack cannot be started here (no Docker engine), so what can drift is held against the code: its
 * settings against {@link Settings}, its commands against the CLI, its broker against the clients' Kafka version, and
 * its ports against what a host user is told to connect to.
 */
class ComposeStackTest {

    private static final Path COMPOSE = Path.of("..", "compose");
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z_]+):-([^}]*)}");

    private final JsonNode stack = yaml(COMPOSE.resolve("docker-compose.yml"));

    @Test
    @DisplayName("every COURIER_ variable the stack sets is a setting Courier reads")
    void settingsAreKnown() {
        Set<String> known = Settings.ALL.stream().map(Setting::name).collect(Collectors.toSet());
        Set<String> used = new TreeSet<>();
        stack.get("services").forEach(service -> service.path("environment").fieldNames().forEachRemaining(used::add));
        stack.get("x-courier").path("environment").fieldNames().forEachRemaining(used::add);

        assertThat(used).filteredOn(name -> name.startsWith("COURIER_")).isNotEmpty()
                .allSatisfy(name -> assertThat(known.contains(name) || name.startsWith(Settings.KAFKA_PROP_PREFIX))
                        .as("%s is not in Settings.ALL", name).isTrue());
    }

    @Test
    @DisplayName("every courier service runs a command the CLI has")
    void commandsExist() {
        CommandLine cli = new CommandLine(new Main(), new EnvironmentFactory(Map.of()));
        List<String> commands = new ArrayList<>();
        stack.get("services").forEach(service -> {
            // Only the courier services set a command; the others run their image's own.
            if (service.has("command")) {
                commands.add(service.get("command").get(0).asText());
            }
        });
        assertThat(commands).isNotEmpty().allSatisfy(c -> assertThat(cli.getSubcommands()).containsKey(c));
    }

    @Test
    @DisplayName("the broker image runs the Kafka version of the clients in the jar")
    void brokerMatchesClients() {
        String image = stack.at("/services/kafka/image").asText();
        String client = AppInfoParser.getVersion();
        assertThat(image).isEqualTo("apache/kafka:" + client);
    }

    @Test
    @DisplayName("Kafka and PostgreSQL are reachable from the host at the published ports they advertise")
    void hostCanConnect() {
        JsonNode kafka = stack.at("/services/kafka");
        String advertised = kafka.at("/environment/KAFKA_ADVERTISED_LISTENERS").asText();
        Matcher external = Pattern.compile("EXTERNAL://127\\.0\\.0\\.1:\\$\\{KAFKA_HOST_PORT:-(\\d+)}").matcher(advertised);
        assertThat(external.find()).as("an EXTERNAL listener advertised to the host in %s", advertised).isTrue();
        String hostPort = external.group(1);
        assertThat(kafka.get("ports").get(0).asText()).isEqualTo("${KAFKA_HOST_PORT:-" + hostPort + "}:9092");
        assertThat(kafka.at("/environment/KAFKA_LISTENERS").asText()).contains("EXTERNAL://:9092");
        assertThat(hostPort).as("the host port is the default COURIER_KAFKA_BOOTSTRAP's, so host commands need no setting")
                .isEqualTo(Settings.KAFKA_BOOTSTRAP.defaultValue().split(":")[1]);

        // The containers reach the broker on its internal listener.
        String internal = stack.at("/x-courier/environment/COURIER_KAFKA_BOOTSTRAP").asText();
        assertThat(advertised).contains("INTERNAL://" + internal);

        assertThat(stack.at("/services/postgres/ports").get(0).asText()).matches("\\$\\{POSTGRES_HOST_PORT:-\\d+}:5432");
    }

    @Test
    @DisplayName("Prometheus scrapes every component at its HTTP port")
    void prometheusScrapesComponents() {
        JsonNode targets = yaml(COMPOSE.resolve("prometheus/prometheus.yml")).at("/scrape_configs/0/static_configs/0/targets");
        Set<String> scraped = new TreeSet<>();
        targets.forEach(t -> scraped.add(t.asText()));
        assertThat(scraped).containsExactlyInAnyOrder(
                "ingest:" + Settings.HTTP_PORT.defaultValue(),
                "worker:" + Settings.HTTP_PORT.defaultValue(),
                "sink:" + Settings.HTTP_PORT.defaultValue());
    }

    @Test
    @DisplayName("the Docker build context leaves out build output, local data and history")
    void dockerIgnore() throws IOException {
        List<String> ignored = Files.readAllLines(Path.of("..", ".dockerignore")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(ignored).contains("**/target", ".courier", ".git");
    }

    @Test
    @DisplayName("every ${VAR:-default} in the stack has a default, so a bare `docker compose up` works")
    void interpolationsHaveDefaults() throws IOException {
        String text = Files.readString(COMPOSE.resolve("docker-compose.yml"));
        long withDefault = INTERPOLATION.matcher(text).results().count();
        long all = Pattern.compile("\\$\\{").matcher(text).results().count();
        assertThat(withDefault).isEqualTo(all);
    }

    private static JsonNode yaml(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
