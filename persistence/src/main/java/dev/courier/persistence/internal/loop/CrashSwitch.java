package dev.courier.persistence.internal.loop;

/**
 * Fault injection: where a test makes the sink stop as a crashed process would. The loop asks it after each poll,
 * before each database commit and between the database commit and the Kafka commit; once tripped, the loop writes,
 * commits and closes nothing more. Production passes {@link #NONE}, which never trips.
 */
@FunctionalInterface
public interface CrashSwitch {

    CrashSwitch NONE = () -> false;

    boolean tripped();
}
