package dev.courier.app.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.Topics;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DevBannerTest {

    private final Topics topics = new Topics(Topics.DEFAULT_PREFIX, new EventCodec(EventLimits.defaults()));

    @Test
    @DisplayName("the banner's lag command carries the settings that differ from the defaults, and only those")
    void lagCommandCarriesNonDefaultSettings() {
        String defaults = new DevBanner(8080, "127.0.0.1:9092", topics, "jdbc:postgresql://127.0.0.1:5432/courier",
                Optional.empty(), Optional.empty(), OptionalInt.empty()).text();
        String moved = new DevBanner(18180, "127.0.0.1:19192", topics, "jdbc:postgresql://127.0.0.1:5432/other",
                Optional.empty(), Optional.empty(), OptionalInt.empty()).text();

        assertThat(defaults).contains("\n  ./courier lag\n").contains("Bearer $KEY").contains("/v1/chats/<chatId>/messages");
        assertThat(moved).contains("COURIER_KAFKA_BOOTSTRAP='127.0.0.1:19192' "
                + "COURIER_DATABASE_URL='jdbc:postgresql://127.0.0.1:5432/other' ./courier lag")
                .doesNotContain("COURIER_TOPIC_PREFIX");
    }
}
