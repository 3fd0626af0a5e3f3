package dev.courier.bench;

import java.util.Arrays;

/**
 * A latency distribution, in milliseconds.
 *
 * @param name   what was timed ("accepted -> persisted at 500 msgs/s")
 * @param millis every sample, sorted
 */
public record Distribution(String name, double[] millis) {

    public Distribution {
        millis = millis.clone();
        Arrays.sort(millis);
    }

    public static Distribution of(String name, long[] nanos) {
        return new Distribution(name, Arrays.stream(nanos).mapToDouble(n -> n / 1e6).toArray());
    }

    @Override
    public double[] millis() {
        return millis.clone();
    }

    public int count() {
        return millis.length;
    }

    /** The q-quantile (nearest rank), NaN when empty. */
    public double quantile(double q) {
        if (millis.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * millis.length);
        return millis[Math.max(0, Math.min(millis.length - 1, rank - 1))];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Distribution d && d.name.equals(name) && Arrays.equals(d.millis, millis);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(millis);
    }

    @Override
    public String toString() {
        return name + " (" + millis.length + " samples)";
    }
}
