package dev.courier.persistence.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SinkBufferTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final long LINGER = TimeUnit.MILLISECONDS.toNanos(20);

    private static SinkRecord rec(TopicPartition tp, long offset) {
        return new SinkRecord(tp, offset, "k", new byte[0], null);
    }

    @Test
    @DisplayName("a flush is due when the buffer is full, or when its oldest record has lingered")
    void dueOnRowsOrLinger() {
        SinkBuffer b = new SinkBuffer(3, LINGER);
        assertThat(b.due(0)).isFalse();
        assertThat(b.nanosUntilDue(0)).isEqualTo(Long.MAX_VALUE);
        b.add(rec(P0, 0), 1_000);
        assertThat(b.due(1_000 + LINGER - 1)).isFalse();
        assertThat(b.nanosUntilDue(1_000 + 5)).isEqualTo(LINGER - 5);
        assertThat(b.due(1_000 + LINGER)).isTrue();
        b.add(rec(P0, 1), 1_001);
        b.add(rec(P1, 0), 1_002);
        assertThat(b.due(1_002)).isTrue();
        assertThat(b.nanosUntilDue(1_002)).isZero();
    }

    @Test
    @DisplayName("a drained batch carries each partition's next offset; a revoked partition's records are dropped")
    void drainAndDrop() {
        SinkBuffer b = new SinkBuffer(100, LINGER);
        b.add(rec(P0, 5), 0);
        b.add(rec(P1, 7), 0);
        b.add(rec(P0, 6), 0);
        b.drop(List.of(P1));
        Batch batch = b.drain();
        assertThat(b.isEmpty()).isTrue();
        assertThat(batch.size()).isEqualTo(2);
        assertThat(batch.nextOffsets()).containsExactlyEntriesOf(java.util.Map.of(P0, 7L));
        assertThat(batch.without(List.of(P0)).isEmpty()).isTrue();
        assertThat(batch.without(List.of(P0)).nextOffsets()).isEmpty();
    }
}
