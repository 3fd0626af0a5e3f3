package dev.courier.app.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DatabaseStartupTest {

    @Test
    @DisplayName("an unreachable database is retried until it answers, then what needs it runs once")
    void retriesWhileUnreachable() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        try (DatabaseStartup startup = new DatabaseStartup(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("cannot create database", new SQLException("Connection refused", "08001"));
            }
        }, ran::incrementAndGet, Duration.ofMillis(1), Duration.ofMillis(5))) {
            startup.start();
            await().atMost(Duration.ofSeconds(10)).until(startup::isDone);
            assertThat(attempts).hasValue(3);
            assertThat(ran).hasValue(1);
            assertThat(startup.fatalProblem()).isEmpty();
        }
    }

    @Test
    @DisplayName("a failure that waiting cannot fix (a failed migration) is reported as fatal and not retried")
    void failsForGood() {
        AtomicInteger attempts = new AtomicInteger();
        try (DatabaseStartup startup = new DatabaseStartup(() -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("Validate failed: checksum mismatch for V3",
                    new SQLException("relation \"users\" already exists", "42P07"));
        }, () -> { }, Duration.ofMillis(1), Duration.ofMillis(5))) {
            startup.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> startup.fatalProblem().isPresent());
            assertThat(startup.fatalProblem().get()).contains("checksum mismatch for V3");
            assertThat(startup.isDone()).isFalse();
            assertThat(attempts).hasValue(1);
        }
    }
}
