package dev.courier.persistence.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.events.ChatCreated;
import dev.courier.events.ChatType;
import dev.courier.events.CourierEvent;
import dev.courier.events.Decoded;
import dev.courier.events.MemberJoined;
import dev.courier.events.MemberLeft;
import dev.courier.events.ReceiptAdvanced;
import dev.courier.events.ReceiptKind;
import dev.courier.events.UnreadChanged;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CoalescedTest {

    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");
    private static final UUID C = UUID.randomUUID(), A = UUID.randomUUID(), U = UUID.randomUUID();

    private static Coalesced of(CourierEvent... events) {
        return Coalesced.of(Arrays.stream(events).map(e -> new SinkRecord(new TopicPartition("t", 0), 0, "k", null,
                new Decoded.Valid<>(e))).toList());
    }

    @Test
    @DisplayName("membership changes collapse to the last join and the leave after it, in seq order")
    void membership() {
        Coalesced c = of(new MemberLeft(C, U, T, 5L), new MemberJoined(C, U, T, 3L), new MemberJoined(C, U, T, 7L),
                new MemberLeft(C, U, T, 9L), new MemberLeft(C, A, T, 4L));
        assertThat(c.memberships()).singleElement().satisfies(m -> {
            assertThat(m.joinedSeq()).isEqualTo(7);
            assertThat(m.leftSeq()).isEqualTo(9);
        });
        assertThat(c.leaves()).singleElement().satisfies(l -> assertThat(l.userId()).isEqualTo(A));
        assertThat(c.latestSeqOfExistingChats()).containsEntry(C, 9L);
    }

    @Test
    @DisplayName("a created chat carries its highest seq; its creator is the owner")
    void created() {
        Coalesced c = of(new ChatCreated(C, ChatType.DIRECT, null, A, List.of(U), T, 1L), new MemberLeft(C, U, T, 4L));
        assertThat(c.newChats()).singleElement().satisfies(r -> assertThat(r.latestSeq()).isEqualTo(4));
        assertThat(c.latestSeqOfExistingChats()).isEmpty();
        assertThat(c.memberships()).extracting(Coalesced.MembershipRow::role).containsExactly("owner", "member");
    }

    @Test
    @DisplayName("only the highest unread version and the highest watermark per kind survive")
    void highestWins() {
        Coalesced c = of(new UnreadChanged(U, C, 4, 0, 4, 4, T), new UnreadChanged(U, C, 9, 0, 9, 9, T),
                new UnreadChanged(U, C, 6, 0, 6, 6, T),
                new ReceiptAdvanced(C, U, ReceiptKind.READ, 3, 0, T), new ReceiptAdvanced(C, U, ReceiptKind.DELIVERED, 8, 0, T),
                new ReceiptAdvanced(C, U, ReceiptKind.READ, 2, 0, T));
        assertThat(c.unread()).singleElement().satisfies(u -> assertThat(u.version()).isEqualTo(9));
        assertThat(c.watermarks()).singleElement().satisfies(w -> {
            assertThat(w.deliveredSeq()).isEqualTo(8);
            assertThat(w.readSeq()).isEqualTo(3);
        });
        assertThat(c.receiptLog()).hasSize(3);
    }
}
