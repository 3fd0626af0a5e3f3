package dev.courier.bench;

import java.lang.management.ManagementFactory;

/**
 * This JVM's CPU time, all threads: the component, the load it is given and, by default, the embedded broker. A
 * component and its reference measured alike in one run compare fairly even on a busy machine.
 */
public final class CpuClock {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public long nanos() {
        return os.getProcessCpuTime();
    }

    /** CPU microseconds per message since {@code startNanos}. */
    public double microsPerMessage(long startNanos, long messages) {
        return messages <= 0 ? Double.NaN : (nanos() - startNanos) / 1e3 / messages;
    }
}
