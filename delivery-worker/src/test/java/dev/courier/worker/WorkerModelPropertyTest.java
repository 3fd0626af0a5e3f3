package dev.courier.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.events.ChatCreated;
import dev.courier.events.ChatEvent;
import dev.courier.events.ChatType;
import dev.courier.events.MemberJoined;
import dev.courier.events.MemberLeft;
import dev.courier.events.MessageIds;
import dev.courier.events.MessageSent;
import dev.courier.events.ReceiptKind;
import dev.courier.events.ReceiptSubmitted;
import dev.courier.events.RejectReason;
import dev.courier.events.Rejected;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random interleavings of chat creation, joins, leaves, messages (with duplicates, wrong keys, garbage) and receipts
 * (stale, future, from non-members) run through the topology and compared, input by input and record by record,
 * with {@link ReferenceModel}. One driver serves all tries: every try uses fresh chat and user ids, so earlier tries'
 * state cannot interfere, and the record clock only moves forward.
 */
class WorkerModelPropertyTest {

    static final Duration WINDOW = Duration.ofSeconds(60);
    private static final int CHATS = 3;
    private static final int USERS = 6;

    private static WorkerHarness inMemory;
    private static WorkerHarness rocks;

    sealed interface Action permits Create, Join, Leave, Send, Receipt, Advance, WrongKey, Garbage {
    }

    record Create(int chat, int creator, Set<Integer> members) implements Action {
    }

    record Join(int chat, int user) implements Action {
    }

    record Leave(int chat, int user) implements Action {
    }

    record Send(int chat, int sender, int clientId) implements Action {
    }

    record Receipt(int chat, int user, boolean read, long upTo) implements Action {
    }

    record Advance(long millis) implements Action {
    }

    record WrongKey(int chat, int sender, int clientId) implements Action {
    }

    record Garbage(boolean onReceipts) implements Action {
    }

    @Property(tries = 2000)
    void matchesTheReferenceModel(@ForAll("scripts") List<Action> script) {
        if (rocks == null) {
            rocks = new WorkerHarness(false, WINDOW);
        }
        run(rocks, script);
    }

    @Property(tries = 300)
    void matchesTheReferenceModelWithInMemoryStores(@ForAll("scripts") List<Action> script) {
        if (inMemory == null) {
            inMemory = new WorkerHarness(true, WINDOW);
        }
        run(inMemory, script);
    }

    @AfterContainer
    static void closeDrivers() {
        if (inMemory != null) {
            inMemory.close();
        }
        if (rocks != null) {
            rocks.close();
        }
    }

    @Provide
    Arbitrary<List<Action>> scripts() {
        Arbitrary<Integer> chat = Arbitraries.integers().between(0, CHATS - 1);
        Arbitrary<Integer> user = Arbitraries.integers().between(0, USERS - 1);
        Arbitrary<Integer> clientId = Arbitraries.integers().between(0, 6);
        Arbitrary<Action> create = Combinators.combine(chat, user, user.set().ofMaxSize(4)).as(Create::new);
        Arbitrary<Action> join = Combinators.combine(chat, user).as(Join::new);
        Arbitrary<Action> leave = Combinators.combine(chat, user).as(Leave::new);
        Arbitrary<Action> send = Combinators.combine(chat, user, clientId).as(Send::new);
        Arbitrary<Action> receipt = Combinators.combine(chat, user, Arbitraries.of(true, false),
                Arbitraries.longs().between(1, 25)).as(Receipt::new);
        Arbitrary<Action> advance = Arbitraries.longs().between(0, 45_000).map(Advance::new);
        Arbitrary<Action> wrongKey = Combinators.combine(chat, user, clientId).as(WrongKey::new);
        Arbitrary<Action> garbage = Arbitraries.of(true, false).map(Garbage::new);
        return Arbitraries.frequencyOf(
                Tuple.of(6, create), Tuple.of(10, join), Tuple.of(5, leave), Tuple.of(40, send),
                Tuple.of(25, receipt), Tuple.of(8, advance), Tuple.of(2, wrongKey), Tuple.of(2, garbage))
                .list().ofMinSize(1).ofMaxSize(60);
    }

    private static void run(WorkerHarness h, List<Action> script) {
        h.clearOutputs();
        UUID[] chats = fresh(CHATS);
        UUID[] users = fresh(USERS);
        ReferenceModel model = new ReferenceModel(WINDOW);
        List<Action> all = new ArrayList<>();
        all.add(new Create(0, 0, Set.of(1, 2)));
        all.addAll(script);
        for (int step = 0; step < all.size(); step++) {
            Action a = all.get(step);
            Instant now = h.now;
            ReferenceModel.Out expected;
            if (a instanceof Advance adv) {
                h.advance(Duration.ofMillis(adv.millis()));
                continue;
            } else if (a instanceof Create c) {
                List<UUID> members = c.members().stream().sorted().map(i -> users[i]).toList();
                ChatEvent e = new ChatCreated(chats[c.chat()], ChatType.GROUP, null, users[c.creator()], members, null, null);
                h.pipe(e);
                expected = model.apply(e, now);
            } else if (a instanceof Join j) {
                ChatEvent e = new MemberJoined(chats[j.chat()], users[j.user()], null, null);
                h.pipe(e);
                expected = model.apply(e, now);
            } else if (a instanceof Leave l) {
                ChatEvent e = new MemberLeft(chats[l.chat()], users[l.user()], null, null);
                h.pipe(e);
                expected = model.apply(e, now);
            } else if (a instanceof Send s) {
                ChatEvent e = message(chats[s.chat()], users[s.sender()], s.clientId());
                h.pipe(e);
                expected = model.apply(e, now);
            } else if (a instanceof Receipt r) {
                ReceiptSubmitted e = new ReceiptSubmitted(chats[r.chat()], users[r.user()],
                        r.read() ? ReceiptKind.READ : ReceiptKind.DELIVERED, r.upTo(), null);
                h.pipe(e);
                expected = model.apply(e, now);
            } else if (a instanceof WrongKey w) {
                ChatEvent e = message(chats[w.chat()], users[w.sender()], w.clientId());
                h.events.pipeInput(chats[(w.chat() + 1) % CHATS].toString(), e, now);
                expected = new ReferenceModel.Out();
                expected.rejected().add(RejectReason.INVALID);
            } else {
                Garbage g = (Garbage) a;
                (g.onReceipts() ? h.rawReceipts : h.rawEvents).pipeInput(chats[0].toString(), "{\"oops\":", now);
                expected = new ReferenceModel.Out();
                expected.rejected().add(RejectReason.MALFORMED);
            }
            int at = step;
            java.util.function.Supplier<String> where = () -> "step " + at + " (" + a + ") of " + all;
            assertThat(h.chatLog.readValuesToList()).as(() -> "chat-log at " + where.get()).isEqualTo(expected.chatLog());
            assertThat(h.inbox.readValuesToList()).as(() -> "inbox at " + where.get()).isEqualTo(expected.inbox());
            assertThat(h.receiptsOut.readValuesToList()).as(() -> "receipts at " + where.get()).isEqualTo(expected.receipts());
            assertThat(h.unread.readValuesToList()).as(() -> "unread at " + where.get()).isEqualTo(expected.unread());
            assertThat(h.rejected.readValuesToList()).extracting(Rejected::reason).as(() -> "rejected at " + where.get())
                    .isEqualTo(expected.rejected());
        }
    }

    private static MessageSent message(UUID chat, UUID sender, int clientId) {
        String id = "c" + clientId;
        return new MessageSent(chat, MessageIds.derive(chat, sender, id), sender, id, "text " + id, null, null, null);
    }

    private static UUID[] fresh(int n) {
        UUID[] ids = new UUID[n];
        for (int i = 0; i < n; i++) {
            ids[i] = UUID.randomUUID();
        }
        return ids;
    }
}
