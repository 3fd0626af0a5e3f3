package dev.courier.ingest.internal;

/** Whether the gateway can take writes now, as {@code /health/ready} reports it. */
public interface Readiness extends AutoCloseable {

    boolean ready();

    /** One line for the readiness answer, e.g. {@code kafka reachable (cluster abc, 1 broker)}. */
    String detail();

    void start();

    @Override
    void close();

    /** Always ready: for tests that have no broker. */
    static Readiness always() {
        return new Readiness() {
            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public String detail() {
                return "no readiness probe";
            }

            @Override
            public void start() {
            }

            @Override
            public void close() {
            }
        };
    }
}
