package dev.courier.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * For short-lived operator commands: the Kafka clients' retry warnings ("connection to node -1 could not be
 * established", once a second) would bury the one line the command prints about the failure. Services keep them.
 */
final class QuietClients {

    private QuietClients() {
    }

    static void apply() {
        if (LoggerFactory.getLogger("org.apache.kafka") instanceof Logger kafka) {
            kafka.setLevel(Level.ERROR);
        }
    }

    /**
     * For {@code courier bench}: the components it starts log their life cycle at INFO, which would bury the progress
     * lines; warnings and errors still show. Closing restores the levels (the command may run inside a test JVM).
     */
    static AutoCloseable warningsOnly() {
        List<Logger> loggers = new ArrayList<>();
        for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "dev.courier", "org.apache.kafka")) {
            if (LoggerFactory.getLogger(name) instanceof Logger l) {
                loggers.add(l);
            }
        }
        List<Level> before = loggers.stream().map(Logger::getLevel).toList();
        loggers.forEach(l -> l.setLevel(l.getName().equals("org.apache.kafka") ? Level.ERROR : Level.WARN));
        return () -> {
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).setLevel(before.get(i));
            }
        };
    }
}
