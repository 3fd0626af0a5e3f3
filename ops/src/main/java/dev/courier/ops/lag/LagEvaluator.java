package dev.courier.ops.lag;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Burrow's evaluation rules over a window of samples of one partition, oldest first:
 * <ol>
 *   <li>REWIND: the committed offset went backwards between two samples.</li>
 *   <li>OK: no lag in the latest sample.</li>
 *   <li>STOP / STALL: the offset did not move over the whole window, there is lag, and the first record not consumed
 *       is older than the grace period (a consumer that commits every few seconds is not stalled because a short
 *       window saw no commit): STOP when the group has no member, STALL when it has members.</li>
 *   <li>WARN: the offset moves, but the lag grew in every interval of the window.</li>
 *   <li>OK otherwise.</li>
 * </ol>
 * A group is ERR when any partition is STALL or STOP, else the worst of its partitions.
 */
public final class LagEvaluator {

    /** The least grace before a fixed offset counts as stalled or stopped, whatever the window. */
    public static final Duration MIN_GRACE = Duration.ofSeconds(10);

    private LagEvaluator() {
    }

    public static LagStatus partition(List<PartitionSample> window, int members, Duration windowLength) {
        if (window.isEmpty()) {
            throw new IllegalArgumentException("a window needs at least one sample");
        }
        for (int i = 1; i < window.size(); i++) {
            if (window.get(i).committed() < window.get(i - 1).committed()) {
                return LagStatus.REWIND;
            }
        }
        PartitionSample latest = window.get(window.size() - 1);
        if (latest.lagRecords() == 0) {
            return LagStatus.OK;
        }
        boolean moved = window.get(0).committed() != latest.committed();
        double grace = Math.max(windowLength.toMillis(), MIN_GRACE.toMillis()) / 1000.0;
        if (!moved && latest.lagSeconds() > grace) {
            return members == 0 ? LagStatus.STOP : LagStatus.STALL;
        }
        if (moved && window.size() > 1 && growing(window)) {
            return LagStatus.WARN;
        }
        return LagStatus.OK;
    }

    public static LagStatus group(Collection<LagStatus> partitions) {
        LagStatus worst = LagStatus.OK;
        for (LagStatus s : partitions) {
            if (s == LagStatus.STALL || s == LagStatus.STOP) {
                return LagStatus.ERR;
            }
            if (s.gauge() > worst.gauge()) {
                worst = s;
            }
        }
        return worst;
    }

    private static boolean growing(List<PartitionSample> window) {
        for (int i = 1; i < window.size(); i++) {
            if (window.get(i).lagRecords() <= window.get(i - 1).lagRecords()) {
                return false;
            }
        }
        return true;
    }
}
