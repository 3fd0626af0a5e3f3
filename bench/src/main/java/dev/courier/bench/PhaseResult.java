package dev.courier.bench;

import java.util.List;

/**
 * What one phase measured.
 *
 * @param phase     the phase's name
 * @param seconds   how long the phase ran, set-up and clean-up included
 * @param figures   throughput or time figures, each with its reference
 * @param latencies latency distributions, if the phase times messages
 * @param notes     the settings the figures depend on (sizes, partitions, rates)
 */
public record PhaseResult(String phase, double seconds, List<Figure> figures, List<Distribution> latencies,
                          List<String> notes) {

    public PhaseResult {
        figures = List.copyOf(figures);
        latencies = List.copyOf(latencies);
        notes = List.copyOf(notes);
    }
}
