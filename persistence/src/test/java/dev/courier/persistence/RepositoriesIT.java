package dev.courier.persistence;

import static dev.courier.persistence.Fixtures.chat;
import static dev.courier.persistence.Fixtures.joined;
import static dev.courier.persistence.Fixtures.message;
import static dev.courier.persistence.Fixtures.receipt;
import static dev.courier.persistence.Fixtures.unread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.events.CourierEvent;
import dev.courier.events.Problem;
import dev.courier.events.ReceiptKind;
import dev.courier.persistence.internal.batch.Batch;
import dev.courier.persistence.internal.batch.SinkRecord;
import dev.courier.persistence.internal.write.BatchWriter;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The read repositories over rows the sink's writer produced. */
@ExtendWith(PostgresDatabaseExtension.class)
class RepositoriesIT {

    private static final UUID CHAT = UUID.randomUUID();
    private static final UUID A = UUID.randomUUID();
    private static final UUID B = UUID.randomUUID();
    private static final UUID LATE = UUID.randomUUID();

    private final HistoryRepository history;
    private final SearchRepository search;
    private final ReceiptsRepository receipts;
    private final UnreadRepository unreadRepo;

    RepositoriesIT(PostgresTestDatabase db) {
        history = new HistoryRepository(db.dataSource());
        search = new SearchRepository(db.dataSource());
        receipts = new ReceiptsRepository(db.dataSource());
        unreadRepo = new UnreadRepository(db.dataSource());
    }

    /** Chat: created (seq 1), messages 2..11, LATE joins at 12, messages 13..20; B delivered 15, read 5. */
    @BeforeAll
    static void rows(PostgresTestDatabase db) throws SQLException {
        Fixtures.migrate(db);
        List<CourierEvent> events = new ArrayList<>();
        events.add(chat(CHAT, A, B));
        for (long seq = 2; seq <= 20; seq++) {
            events.add(seq == 12 ? joined(CHAT, LATE, 12)
                    : message(CHAT, seq % 2 == 0 ? A : B, seq, seq == 7 ? "Lunch at the Café? bring the Blue umbrella"
                    : "message number " + seq));
        }
        events.add(receipt(CHAT, B, ReceiptKind.DELIVERED, 15, 0));
        events.add(receipt(CHAT, B, ReceiptKind.READ, 5, 0));
        events.add(unread(B, CHAT, 7, 5, 20, 20));
        events.add(unread(B, UUID.randomUUID(), 3, 0, 3, 3));
        List<SinkRecord> records = new ArrayList<>();
        long offset = 0;
        for (CourierEvent e : events) {
            byte[] raw = Fixtures.encode(e);
            records.add(new SinkRecord(new TopicPartition("t", 0), offset++, "k", raw,
                    Fixtures.CODEC.decode(raw, CourierEvent.class)));
        }
        new BatchWriter(db.dataSource(), "g", r -> { }, Clock.systemUTC(), () -> { }).write(Batch.of(records));
    }

    private static List<Long> seqs(HistoryPage page) {
        return page.messages().stream().map(StoredMessage::seq).toList();
    }

    @Test
    @DisplayName("history pages newest first with a keyset cursor until the oldest message")
    void pagesBackwards() {
        HistoryPage first = history.page(HistoryQuery.of(CHAT, null, null, 7L));
        assertThat(seqs(first)).containsExactly(20L, 19L, 18L, 17L, 16L, 15L, 14L);
        assertThat(first.nextBefore()).isEqualTo(14);
        HistoryPage second = history.page(HistoryQuery.of(CHAT, first.nextBefore(), null, 7L));
        assertThat(seqs(second)).containsExactly(13L, 11L, 10L, 9L, 8L, 7L, 6L);
        HistoryPage third = history.page(HistoryQuery.of(CHAT, second.nextBefore(), null, 7L));
        assertThat(seqs(third)).containsExactly(5L, 4L, 3L, 2L);
        assertThat(third.nextBefore()).isNull();
        StoredMessage m = first.messages().get(0);
        assertThat(m.chatId()).isEqualTo(CHAT);
        assertThat(m.senderId()).isEqualTo(A);
        assertThat(m.content()).isEqualTo("message number 20");
        assertThat(m.clientMessageId()).isNotBlank();
        assertThat(m.sentAt()).isEqualTo(Fixtures.at(20));
        assertThat(m.persistedAt()).isNotNull();
    }

    @Test
    @DisplayName("history after a seq returns the messages right after it, newest first; before and after bound a range")
    void afterAndRange() {
        assertThat(seqs(history.page(HistoryQuery.of(CHAT, null, 9L, 3L)))).containsExactly(13L, 11L, 10L);
        assertThat(seqs(history.page(HistoryQuery.of(CHAT, null, 9L, 2L)))).containsExactly(11L, 10L);
        assertThat(seqs(history.page(HistoryQuery.of(CHAT, 16L, 9L, null)))).containsExactly(15L, 14L, 13L, 11L, 10L);
        assertThat(history.page(HistoryQuery.of(CHAT, 16L, 9L, 3L)).nextBefore()).isEqualTo(13);
        assertThat(history.page(HistoryQuery.of(UUID.randomUUID(), null, null, null)).messages()).isEmpty();
    }

    @Test
    @DisplayName("bad history parameters are all reported at once")
    void badHistoryParameters() {
        assertThatThrownBy(() -> history.page(HistoryQuery.of(null, 0L, -1L, 201L)))
                .isInstanceOf(InvalidQueryException.class)
                .satisfies(e -> assertThat(((InvalidQueryException) e).problems()).extracting(Problem::field)
                        .containsExactlyInAnyOrder("chatId", "before", "after", "limit"));
        assertThatThrownBy(() -> history.page(HistoryQuery.of(CHAT, 5L, 5L, 10L))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after: must be less than before");
        assertThatThrownBy(() -> history.page(HistoryQuery.of(CHAT, null, null, 0L))).hasMessageContaining("limit: must be 1..200");
    }

    @Test
    @DisplayName("search matches words case-insensitively, without stemming, newest first")
    void search() {
        assertThat(search.search(SearchQuery.of(CHAT, "blue UMBRELLA", null))).extracting(StoredMessage::seq).containsExactly(7L);
        assertThat(search.search(SearchQuery.of(CHAT, "café", null))).extracting(StoredMessage::seq).containsExactly(7L);
        assertThat(search.search(SearchQuery.of(CHAT, "umbrellas", null))).isEmpty();
        assertThat(search.search(SearchQuery.of(CHAT, "number", 3L))).extracting(StoredMessage::seq).containsExactly(20L, 19L, 18L);
        assertThat(search.search(SearchQuery.of(CHAT, "\"number 13\"", null))).extracting(StoredMessage::seq).containsExactly(13L);
        assertThat(search.search(SearchQuery.of(UUID.randomUUID(), "umbrella", null))).isEmpty();
        assertThatThrownBy(() -> search.search(SearchQuery.of(CHAT, "  ", null))).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("q: required");
        assertThatThrownBy(() -> search.search(SearchQuery.of(CHAT, "x".repeat(300), 500L))).isInstanceOf(InvalidQueryException.class)
                .satisfies(e -> assertThat(((InvalidQueryException) e).problems()).hasSize(2));
    }

    @Test
    @DisplayName("receipts per recipient come from the watermarks: read, delivered, sent; a later joiner is not one")
    void receipts() {
        UUID m4 = history.page(HistoryQuery.of(CHAT, 5L, 3L, null)).messages().get(0).messageId();
        MessageReceipts r4 = receipts.receipts(CHAT, m4).orElseThrow();
        assertThat(r4.seq()).isEqualTo(4);
        assertThat(r4.recipients()).singleElement().satisfies(x -> {
            assertThat(x.userId()).isEqualTo(B);
            assertThat(x.status()).isEqualTo("read");
            assertThat(x.readAt()).isEqualTo(Fixtures.at(1005));
            assertThat(x.deliveredAt()).isEqualTo(Fixtures.at(1005));
        });
        UUID m14 = history.page(HistoryQuery.of(CHAT, 15L, 13L, null)).messages().get(0).messageId();
        assertThat(receipts.receipts(CHAT, m14).orElseThrow().recipients())
                .extracting(MessageReceipts.Recipient::userId, MessageReceipts.Recipient::status)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(B, "delivered"),
                        org.assertj.core.groups.Tuple.tuple(LATE, "sent"));
        assertThat(receipts.receipts(CHAT, UUID.randomUUID())).isEmpty();
        assertThat(receipts.receipts(UUID.randomUUID(), m4)).isEmpty();
        assertThatThrownBy(() -> receipts.receipts(null, null)).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("chatId").hasMessageContaining("messageId");
    }

    @Test
    @DisplayName("unread sums a user's chats; an unknown user has none")
    void unreadCounts() {
        UnreadSummary b = unreadRepo.unread(B);
        assertThat(b.total()).isEqualTo(10);
        assertThat(b.chats()).hasSize(2).anySatisfy(c -> {
            assertThat(c.chatId()).isEqualTo(CHAT);
            assertThat(c.unread()).isEqualTo(7);
            assertThat(c.lastReadSeq()).isEqualTo(5);
        });
        assertThat(unreadRepo.unread(UUID.randomUUID())).isEqualTo(new UnreadSummary(0, List.of()));
        assertThatThrownBy(() -> unreadRepo.unread(null)).isInstanceOf(InvalidQueryException.class);
        assertThat(unread(B, CHAT, 0, 0, 0, 0)).isNotNull();
    }
}
