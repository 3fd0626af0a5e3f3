package dev.courier.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
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
}
