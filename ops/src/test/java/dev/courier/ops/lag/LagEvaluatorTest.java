package dev.courier.ops.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Burrow's rules on synthetic windows: each sample is (committed offset, lag in records, lag in seconds). */
class LagEvaluatorTest {

    private static final Duration WINDOW = Duration.ofSeconds(60);

    static Stream<Arguments> windows() {
        return Stream.of(
                rule("caught up", 1, LagStatus.OK, s(10, 0, 0), s(20, 0, 0), s(30, 0, 0)),
                rule("consuming, lag steady", 1, LagStatus.OK, s(10, 5, 1), s(20, 5, 1), s(30, 5, 1)),
                rule("consuming, lag shrinking", 1, LagStatus.OK, s(10, 50, 3), s(40, 30, 2), s(70, 10, 1)),
                rule("consuming, lag grew in every interval", 1, LagStatus.WARN, s(10, 5, 1), s(20, 8, 1), s(30, 12, 2)),
                rule("consuming, lag grew but not in every interval", 1, LagStatus.OK, s(10, 5, 1), s(20, 4, 1), s(30, 12, 2)),
                rule("offset fixed with lag, members present", 2, LagStatus.STALL, s(10, 5, 61), s(10, 7, 71), s(10, 9, 81)),
                rule("offset fixed with lag, no member", 0, LagStatus.STOP, s(10, 5, 61), s(10, 7, 71), s(10, 9, 81)),
                rule("offset fixed, but the oldest record is younger than the window", 1, LagStatus.OK,
                        s(10, 5, 2), s(10, 7, 12)),
                rule("offset went backwards", 1, LagStatus.REWIND, s(100, 0, 0), s(40, 60, 30), s(50, 50, 25)),
                rule("offset fixed and caught up, no member", 0, LagStatus.OK, s(10, 0, 0), s(10, 0, 0)));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("windows")
    @DisplayName("each Burrow rule gives its status over a window")
    void rules(String name, int members, LagStatus expected, List<PartitionSample> window) {
        assertThat(LagEvaluator.partition(window, members, WINDOW)).isEqualTo(expected);
    }

    @Test
    @DisplayName("a short window still needs the oldest unconsumed record to be 10 s old before a fixed offset is a stall")
    void graceOnShortWindows() {
        List<PartitionSample> w = List.of(s(10, 3, 4), s(10, 3, 4.5));
        assertThat(LagEvaluator.partition(w, 1, Duration.ofMillis(500))).isEqualTo(LagStatus.OK);
        List<PartitionSample> old = List.of(s(10, 3, 30), s(10, 3, 30.5));
        assertThat(LagEvaluator.partition(old, 1, Duration.ofMillis(500))).isEqualTo(LagStatus.STALL);
    }

    @Test
    @DisplayName("a group is ERR when any partition stalls or stops, else its worst partition; exit codes follow")
    void groups() {
        assertThat(LagEvaluator.group(List.of(LagStatus.OK, LagStatus.STOP, LagStatus.WARN))).isEqualTo(LagStatus.ERR);
        assertThat(LagEvaluator.group(List.of(LagStatus.OK, LagStatus.STALL))).isEqualTo(LagStatus.ERR);
        assertThat(LagEvaluator.group(List.of(LagStatus.OK, LagStatus.WARN, LagStatus.REWIND))).isEqualTo(LagStatus.REWIND);
        assertThat(LagEvaluator.group(List.of(LagStatus.OK, LagStatus.OK))).isEqualTo(LagStatus.OK);
        assertThat(LagEvaluator.group(List.of())).isEqualTo(LagStatus.OK);
        assertThat(Stream.of(LagStatus.values()).map(LagStatus::exitCode))
                .containsExactly(0, 1, 1, 2, 2, 2);
    }

    private static Arguments rule(String name, int members, LagStatus expected, PartitionSample... samples) {
        return Arguments.of(name, members, expected, new ArrayList<>(List.of(samples)));
    }

    private static PartitionSample s(long committed, long lag, double seconds) {
        return new PartitionSample("t", 0, committed, committed + lag, lag, seconds);
    }
}
