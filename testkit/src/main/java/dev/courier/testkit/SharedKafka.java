package dev.courier.testkit;

/** A running Kafka that {@link TestKafka} hands to every test in the JVM, whatever starts it. */
interface SharedKafka extends AutoCloseable {

    String bootstrapServers();

    /** Short description for logs, e.g. "embedded KRaft" or the container image. */
    String description();

    @Override
    void close();
}
