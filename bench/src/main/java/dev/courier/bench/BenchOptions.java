package dev.courier.bench;

import java.util.OptionalInt;

/**
 * Sizes given on the command line; a phase takes the ones that apply to it and its own defaults for the rest.
 *
 * @param messages messages a throughput phase loads
 * @param rate     messages per second of a paced phase (e2e)
 * @param seconds  how long a timed phase measures
 */
public record BenchOptions(OptionalInt messages, OptionalInt rate, OptionalInt seconds) {

    public static BenchOptions defaults() {
        return new BenchOptions(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    public int messages(int fallback) {
        return messages.orElse(fallback);
    }

    public int rate(int fallback) {
        return rate.orElse(fallback);
    }

    public int seconds(int fallback) {
        return seconds.orElse(fallback);
    }
}
