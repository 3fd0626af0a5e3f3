package dev.courier.bench;

import java.util.function.Consumer;

/**
 * Where a phase runs and how big it is.
 *
 * @param bootstrap   the Kafka cluster (the embedded broker by default)
 * @param postgresUrl a JDBC URL of the PostgreSQL server (any database on it): phases create and drop their own
 * @param user        PostgreSQL user, allowed to create databases
 * @param password    its password (empty for trust auth)
 * @param options     the sizes asked for; each phase has its defaults
 * @param progress    where a phase says what it is doing, a line at a time
 */
public record BenchEnvironment(String bootstrap, String postgresUrl, String user, String password, BenchOptions options,
                               Consumer<String> progress) {

    public BenchDatabase createDatabase(String phase) {
        return BenchDatabase.create(postgresUrl, user, password, phase);
    }
}
