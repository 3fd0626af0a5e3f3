package dev.courier.app.dev;

import dev.courier.app.config.Setting;
import dev.courier.app.config.Settings;
import dev.courier.events.Topics;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * What {@code courier dev} prints once it is ready: where everything is, the admin key, and three commands to paste
 * (read a chat's history, watch deliveries as a device's consumer would, see the consumer lag).
 *
 * @param devKey the generated or kept admin key, or empty when COURIER_API_KEYS is set
 * @param demoChat a chat the demo writes to, or empty without {@code --demo}
 */
record DevBanner(int httpPort, String bootstrap, Topics topics, String databaseUrl, Optional<DevAdminKey> devKey,
                 Optional<UUID> demoChat, OptionalInt demoRate) {

    String text() {
        String base = "http://127.0.0.1:" + httpPort;
        String key = devKey.map(DevAdminKey::key).orElse("$KEY");
        StringBuilder b = new StringBuilder("\ncourier dev is ready\n");
        line(b, "HTTP API", base + "/v1/...  (OpenAPI: " + base + "/openapi.json)");
        line(b, "status page", base + "/");
        line(b, "metrics", base + "/metrics");
        line(b, "Kafka", bootstrap + "  (topics " + topics.prefix() + "*)");
        line(b, "admin key", devKey.map(k -> k.key() + "  (" + (k.created() ? "generated, " : "") + "kept in " + k.file() + ")")
                .orElse("one of COURIER_API_KEYS"));
        demoRate.ifPresent(rate -> line(b, "demo", rate + " messages/s from simulated users in direct and group chats"));
        b.append("try:\n");
        b.append("  curl -s -H 'Authorization: Bearer ").append(key).append("' '").append(base).append("/v1/chats/")
                .append(demoChat.map(UUID::toString).orElse("<chatId>")).append("/messages?limit=5'\n");
        // librdkafka reads read_committed by default; spelled out because aborted transactions leave records that a
        // read_uncommitted consumer would see.
        b.append("  kcat -b ").append(bootstrap).append(" -C -t ").append(topics.inbox().name())
                .append(" -o end -u -X isolation.level=read_committed -f '%k %s\\n'\n");
        // lag reads Kafka and the sink's offsets in the database: the same settings as this process, where not default.
        b.append("  ").append(unlessDefault(Settings.KAFKA_BOOTSTRAP, bootstrap))
                .append(unlessDefault(Settings.TOPIC_PREFIX, topics.prefix()))
                .append(unlessDefault(Settings.DATABASE_URL, databaseUrl))
                .append("./courier lag\n\n");
        return b.toString();
    }

    private static String unlessDefault(Setting setting, String value) {
        return value.equals(setting.defaultValue()) ? "" : setting.name() + "='" + value + "' ";
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format("  %-12s %s%n", label, value));
    }
}
