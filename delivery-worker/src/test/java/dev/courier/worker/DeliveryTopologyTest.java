package dev.courier.worker;

import static dev.courier.worker.WorkerHarness.chat;
import static dev.courier.worker.WorkerHarness.drain;
import static dev.courier.worker.WorkerHarness.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.courier.events.ChatEvent;
import dev.courier.events.Delivery;
import dev.courier.events.MessageSent;
import dev.courier.events.ReceiptAdvanced;
import dev.courier.events.ReceiptKind;
import dev.courier.events.RejectReason;
import dev.courier.events.Rejected;
import dev.courier.events.UnreadChanged;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each rule of the worker, through the real topology in a TopologyTestDriver (RocksDB stores, as in production). */
class DeliveryTopologyTest {

    private final WorkerHarness h = new WorkerHarness();
    private final UUID c = chat(1);
    private final UUID alice = user(1);
    private final UUID bob = user(2);
    private final UUID carol = user(3);
    private final UUID dave = user(4);

    @AfterEach
    void close() {
        h.close();
    }

    private List<Rejected> rejected() {
        return drain(h.rejected);
    }

    @Test
    @DisplayName("a created chat is sequenced as seq 1, with acceptedAt stamped from the record time when missing")
    void creation() {
        h.create(c, alice, bob);
        List<TestRecord<String, ChatEvent>> log = WorkerHarness.drainRecords(h.chatLog);
        assertThat(log).hasSize(1);
        assertThat(log.get(0).key()).isEqualTo(c.toString());
        assertThat(log.get(0).value().seq()).isEqualTo(1L);
        assertThat(log.get(0).value().acceptedAt()).isEqualTo(WorkerHarness.T0);
        assertThat(rejected()).isEmpty();
    }

    @Test
    @DisplayName("re-creating an existing chat is rejected as chat_exists and takes no seq")
    void recreate() {
        h.create(c, alice, bob);
        h.create(c, carol, dave);
        h.send(c, alice, "m1");
        assertThat(drain(h.chatLog)).extracting(ChatEvent::seq).containsExactly(1L, 2L);
        assertThat(rejected()).extracting(Rejected::reason).containsExactly(RejectReason.CHAT_EXISTS);
    }

    @Test
    @DisplayName("joins, leaves, messages and receipts for an unknown chat are rejected as unknown_chat")
    void unknownChat() {
        h.join(c, alice);
        h.leave(c, alice);
        h.send(c, alice, "m1");
        h.receipt(c, alice, ReceiptKind.READ, 1);
        assertThat(drain(h.chatLog)).isEmpty();
        assertThat(rejected()).extracting(Rejected::reason).containsOnly(RejectReason.UNKNOWN_CHAT).hasSize(4);
    }

    @Test
    @DisplayName("seq is dense over every accepted chat event, in arrival order; rejected events take none")
    void denseSeq() {
        h.create(c, alice, bob);
        h.send(c, alice, "m1");
        h.join(c, carol);
        h.send(c, dave, "nope");        // not a member
        h.send(c, carol, "m2");
        h.leave(c, bob);
        h.send(c, alice, "m1");         // duplicate
        h.send(c, bob, "m3");           // left
        h.send(c, alice, "m4");
        List<ChatEvent> log = drain(h.chatLog);
        assertThat(log).extracting(ChatEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(log).extracting(e -> e.getClass().getSimpleName()).containsExactly(
                "ChatCreated", "MessageSent", "MemberJoined", "MessageSent", "MemberLeft", "MessageSent");
        assertThat(rejected()).hasSize(3);
    }

    @Test
    @DisplayName("a client that numbers its messages per chat ('c-1' in every chat) gets each message sequenced in its chat")
    void perChatClientIds() {
        UUID other = chat(2);
        h.create(c, alice, bob);
        h.create(other, alice, bob);
        h.send(c, alice, "c-1");
        h.send(other, alice, "c-1");
        List<MessageSent> sent = drain(h.chatLog).stream().filter(MessageSent.class::isInstance).map(MessageSent.class::cast).toList();
        assertThat(sent).extracting(MessageSent::chatId, MessageSent::seq).containsExactly(tuple(c, 2L), tuple(other, 2L));
        assertThat(sent.get(0).messageId()).isNotEqualTo(sent.get(1).messageId());
        assertThat(rejected()).isEmpty();
    }

    @Test
    @DisplayName("an input that carries a seq still needs the derived messageId: the seq is ignored, a foreign id is rejected")
    void sequencedInputKeepsDerivedId() {
        h.create(c, alice, bob);
        h.pipe(new MessageSent(c, UUID.randomUUID(), alice, "c-1", "x", null, null, 7L));
        h.pipe(new MessageSent(c, dev.courier.events.MessageIds.derive(c, alice, "c-2"), alice, "c-2", "y", null, null, 7L));
        assertThat(drain(h.chatLog)).extracting(ChatEvent::seq).containsExactly(1L, 2L);
        assertThat(rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.INVALID);
            assertThat(r.detail()).startsWith("messageId: must be the UUIDv5 of chatId, senderId and clientMessageId");
        });
    }

    @Test
    @DisplayName("members who left are kept out of the fan-out's scan: its cost follows the current members")
    void departedMembersCostNothing() {
        h.create(c, alice, bob);
        for (int i = 100; i < 130; i++) {
            h.join(c, user(i));
            h.leave(c, user(i));
        }
        h.join(c, user(100)); // one of them comes back
        h.clearOutputs();
        h.send(c, alice, "m1");

        org.apache.kafka.streams.state.KeyValueStore<String, ?> members = h.driver.getKeyValueStore(
                dev.courier.worker.internal.ChatStores.MEMBERS);
        List<String> scanned = new java.util.ArrayList<>();
        try (var it = members.prefixScan(c + "|", new org.apache.kafka.common.serialization.StringSerializer())) {
            it.forEachRemaining(kv -> scanned.add(kv.key));
        }
        assertThat(scanned).containsExactlyInAnyOrder(c + "|" + alice, c + "|" + bob, c + "|" + user(100));
        assertThat(drain(h.inbox)).extracting(Delivery::userId).containsExactlyInAnyOrder(bob, user(100));
        assertThat(drain(h.unread)).filteredOn(u -> u.userId().equals(user(100))).extracting(UnreadChanged::unread)
                .containsExactly(1L);
    }

    @Test
    @DisplayName("a message fans out one Delivery per current member other than the sender")
    void fanOut() {
        h.create(c, alice, bob, carol);
        h.send(c, alice, "m1");
        List<TestRecord<String, Delivery>> deliveries = WorkerHarness.drainRecords(h.inbox);
        assertThat(deliveries).extracting(TestRecord::key).containsExactlyInAnyOrder(bob.toString(), carol.toString());
        MessageSent m = (MessageSent) drain(h.chatLog).get(1);
        assertThat(deliveries).extracting(TestRecord::value).allSatisfy(d -> {
            assertThat(d.seq()).isEqualTo(2);
            assertThat(d.messageId()).isEqualTo(m.messageId());
            assertThat(d.senderId()).isEqualTo(alice);
            assertThat(d.chatId()).isEqualTo(c);
        });
        assertThat(h.registry.get("courier.worker.fanout.size").summary().totalAmount()).isEqualTo(2.0);
    }

    @Test
    @DisplayName("a message from a non-member is rejected as not_a_member and not delivered")
    void nonMemberSender() {
        h.create(c, alice, bob);
        h.send(c, carol, "m1");
        assertThat(drain(h.inbox)).isEmpty();
        List<Rejected> r = rejected();
        assertThat(r).extracting(Rejected::reason).containsExactly(RejectReason.NOT_A_MEMBER);
        assertThat(r.get(0).detail()).contains(carol.toString());
        assertThat(r.get(0).rawValue()).contains("\"clientMessageId\":\"m1\"");
        assertThat(r.get(0).sourceTopic()).isEqualTo(WorkerHarness.TOPICS.chatEventsIn().name());
        assertThat(r.get(0).sourceOffset()).isEqualTo(1L);
    }

    @Test
    @DisplayName("joining when already a member is rejected (invalid); leaving when not a member is rejected (not_a_member)")
    void membershipRules() {
        h.create(c, alice, bob);
        h.join(c, bob);
        h.leave(c, carol);
        assertThat(drain(h.chatLog)).hasSize(1);
        List<Rejected> r = rejected();
        assertThat(r).extracting(Rejected::reason).containsExactly(RejectReason.INVALID, RejectReason.NOT_A_MEMBER);
        assertThat(r.get(0).detail()).contains("already a member");
    }

    @Test
    @DisplayName("a duplicate message is not sequenced twice: rejected as duplicate and counted in a metric")
    void duplicate() {
        h.create(c, alice, bob);
        h.send(c, alice, "m1");
        h.advance(Duration.ofHours(23));
        h.send(c, alice, "m1");
        assertThat(drain(h.chatLog)).extracting(ChatEvent::seq).containsExactly(1L, 2L);
        assertThat(drain(h.inbox)).hasSize(1);
        List<Rejected> r = rejected();
        assertThat(r).extracting(Rejected::reason).containsExactly(RejectReason.DUPLICATE);
        assertThat(r.get(0).detail()).contains("seq 2");
        assertThat(h.registry.get("courier.worker.duplicates").counter().count()).isEqualTo(1.0);
        assertThat(h.registry.get("courier.worker.rejects").tag("reason", "duplicate").counter().count()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("a messageId is forgotten after the dedup window (24 h by default) and accepted again")
    void dedupWindow() {
        h.create(c, alice, bob);
        h.send(c, alice, "m1");
        h.advance(Duration.ofHours(24).plusSeconds(1));
        h.send(c, alice, "m1");
        assertThat(drain(h.chatLog)).extracting(ChatEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(rejected()).isEmpty();
    }

    @Test
    @DisplayName("a record whose key is not the event's chatId is rejected as invalid, saying so")
    void keyMismatch() {
        h.create(c, alice, bob);
        h.events.pipeInput(chat(2).toString(), WorkerHarness.message(c, alice, "m1"), h.now);
        h.rawEvents.pipeInput(null, new String(WorkerHarness.CODEC.encode(WorkerHarness.message(c, alice, "m2"))), h.now);
        assertThat(drain(h.chatLog)).hasSize(1);
        List<Rejected> r = rejected();
        assertThat(r).extracting(Rejected::reason).containsExactly(RejectReason.INVALID, RejectReason.INVALID);
        assertThat(r.get(0).detail()).contains("must be the event's chatId");
        assertThat(r.get(0).key()).isEqualTo(chat(2).toString());
        assertThat(r.get(1).key()).isNull();
    }

    @Test
    @DisplayName("garbage on both inputs goes to rejected with raw value, reason and source offset; the next record is processed")
    void garbage() {
        h.create(c, alice, bob);
        h.rawEvents.pipeInput(c.toString(), "not json {", h.now);
        h.rawEvents.pipeInput(c.toString(), "{\"type\":\"Nope\",\"v\":1}", h.now);
        h.rawEvents.pipeInput(c.toString(), "{\"type\":\"MessageSent\",\"v\":1,\"chatId\":\"" + c + "\"}", h.now);
        h.rawEvents.pipeInput(c.toString(), null, h.now);
        h.rawReceipts.pipeInput(c.toString(), "[1,2]", h.now);
        h.rawReceipts.pipeInput(c.toString(), "{\"type\":\"MemberJoined\",\"v\":1}", h.now);
        h.send(c, alice, "m1");
        h.receipt(c, bob, ReceiptKind.READ, 2);
        assertThat(drain(h.chatLog)).extracting(ChatEvent::seq).containsExactly(1L, 2L);
        assertThat(drain(h.receiptsOut)).extracting(ReceiptAdvanced::kind).contains(ReceiptKind.READ);
        List<Rejected> r = rejected();
        assertThat(r).extracting(Rejected::reason, Rejected::sourceTopic, Rejected::sourceOffset).containsExactly(
                tuple(RejectReason.MALFORMED, WorkerHarness.TOPICS.chatEventsIn().name(), 1L),
                tuple(RejectReason.UNKNOWN_TYPE, WorkerHarness.TOPICS.chatEventsIn().name(), 2L),
                tuple(RejectReason.INVALID, WorkerHarness.TOPICS.chatEventsIn().name(), 3L),
                tuple(RejectReason.MALFORMED, WorkerHarness.TOPICS.chatEventsIn().name(), 4L),
                tuple(RejectReason.MALFORMED, WorkerHarness.TOPICS.receiptsIn().name(), 0L),
                tuple(RejectReason.UNKNOWN_TYPE, WorkerHarness.TOPICS.receiptsIn().name(), 1L));
        assertThat(r.get(0).rawValue()).isEqualTo("not json {");
        assertThat(r.get(2).detail()).contains("senderId").contains("clientMessageId");
        assertThat(r).allSatisfy(x -> assertThat(x.key()).isEqualTo(c.toString()));
    }

    @Test
    @DisplayName("each recipient's unread grows by one per message; the sender's unread drops to 0 when they send")
    void unreadOnMessages() {
        h.create(c, alice, bob, carol);
        h.send(c, alice, "m1");
        h.send(c, alice, "m2");
        List<UnreadChanged> u = drain(h.unread);
        assertThat(u).extracting(UnreadChanged::userId, UnreadChanged::unread, UnreadChanged::latestSeq)
                .containsExactly(tuple(bob, 1L, 2L), tuple(carol, 1L, 2L), tuple(bob, 2L, 3L), tuple(carol, 2L, 3L));
        h.send(c, bob, "m3");
        assertThat(drain(h.unread)).extracting(UnreadChanged::userId, UnreadChanged::unread, UnreadChanged::lastReadSeq)
                .containsExactly(tuple(alice, 1L, 3L), tuple(bob, 0L, 4L), tuple(carol, 3L, 0L));
    }

    @Test
    @DisplayName("sending moves the sender's delivered and read watermarks to the message, one ReceiptAdvanced each")
    void senderWatermarks() {
        h.create(c, alice, bob);
        h.send(c, alice, "m1");
        assertThat(drain(h.receiptsOut)).extracting(ReceiptAdvanced::userId, ReceiptAdvanced::kind,
                ReceiptAdvanced::previousSeq, ReceiptAdvanced::upToSeq).containsExactly(
                tuple(alice, ReceiptKind.DELIVERED, 0L, 2L), tuple(alice, ReceiptKind.READ, 0L, 2L));
    }

    @Test
    @DisplayName("a read receipt counts only messages (not joins) up to its seq, and also advances delivered")
    void readReceipt() {
        h.create(c, alice, bob);
        h.send(c, alice, "m1");   // 2
        h.join(c, carol);         // 3
        h.send(c, alice, "m2");   // 4
        h.send(c, carol, "m3");   // 5
        h.clearOutputs();
        h.receipt(c, bob, ReceiptKind.READ, 3);
        assertThat(drain(h.receiptsOut)).extracting(ReceiptAdvanced::kind, ReceiptAdvanced::previousSeq,
                ReceiptAdvanced::upToSeq).containsExactly(tuple(ReceiptKind.DELIVERED, 0L, 3L), tuple(ReceiptKind.READ, 0L, 3L));
        assertThat(drain(h.unread)).extracting(UnreadChanged::userId, UnreadChanged::unread, UnreadChanged::lastReadSeq)
                .containsExactly(tuple(bob, 2L, 3L));
        h.receipt(c, bob, ReceiptKind.READ, 4);
        assertThat(drain(h.unread)).extracting(UnreadChanged::unread).containsExactly(1L);
    }

    @Test
    @DisplayName("a delivered receipt moves only delivered; unread is unchanged and no UnreadChanged is emitted")
    void deliveredReceipt() {
        h.create(c, alice, bob);
        h.send(c, alice, "m1");
        h.clearOutputs();
        h.receipt(c, bob, ReceiptKind.DELIVERED, 2);
        assertThat(drain(h.receiptsOut)).extracting(ReceiptAdvanced::kind, ReceiptAdvanced::upToSeq)
                .containsExactly(tuple(ReceiptKind.DELIVERED, 2L));
        assertThat(drain(h.unread)).isEmpty();
    }

    @Test
    @DisplayName("a stale or repeated receipt is silently a no-op; a future seq is clamped to the chat's latest seq")
    void staleAndFuture() {
        h.create(c, alice, bob);
        h.send(c, alice, "m1");
        h.send(c, alice, "m2");
        h.clearOutputs();
        h.receipt(c, bob, ReceiptKind.READ, 99);
        assertThat(drain(h.receiptsOut)).extracting(ReceiptAdvanced::upToSeq).containsExactly(3L, 3L);
        assertThat(drain(h.unread)).extracting(UnreadChanged::unread, UnreadChanged::lastReadSeq).containsExactly(tuple(0L, 3L));
        h.receipt(c, bob, ReceiptKind.READ, 2);
        h.receipt(c, bob, ReceiptKind.DELIVERED, 3);
        h.receipt(c, bob, ReceiptKind.READ, 50);
        assertThat(drain(h.receiptsOut)).isEmpty();
        assertThat(drain(h.unread)).isEmpty();
        assertThat(rejected()).isEmpty();
    }

    @Test
    @DisplayName("a receipt from a non-member (or one who left) is rejected as not_a_member")
    void receiptNonMember() {
        h.create(c, alice, bob);
        h.leave(c, bob);
        h.receipt(c, carol, ReceiptKind.READ, 1);
        h.receipt(c, bob, ReceiptKind.READ, 1);
        assertThat(rejected()).extracting(Rejected::reason, Rejected::sourceTopic).containsOnly(
                tuple(RejectReason.NOT_A_MEMBER, WorkerHarness.TOPICS.receiptsIn().name())).hasSize(2);
        assertThat(drain(h.receiptsOut)).isEmpty();
    }

    @Test
    @DisplayName("a member who left gets no deliveries and no unread changes; on rejoining counting restarts at the join")
    void leaveAndRejoin() {
        h.create(c, alice, bob);
        h.send(c, alice, "m1");   // 2: bob unread 1
        h.leave(c, bob);          // 3
        h.clearOutputs();
        h.send(c, alice, "m2");   // 4
        assertThat(drain(h.inbox)).isEmpty();
        assertThat(drain(h.unread)).isEmpty();
        h.join(c, bob);           // 5: bob's unread goes from 1 (frozen) to 0
        assertThat(drain(h.unread)).extracting(UnreadChanged::userId, UnreadChanged::unread).containsExactly(tuple(bob, 0L));
        h.send(c, alice, "m3");   // 6
        assertThat(drain(h.inbox)).extracting(Delivery::userId, Delivery::seq).containsExactly(tuple(bob, 6L));
        assertThat(drain(h.unread)).extracting(UnreadChanged::userId, UnreadChanged::unread).containsExactly(tuple(bob, 1L));
    }

    @Test
    @DisplayName("a joiner counts as unread only messages after their join, even when reading below it")
    void joinerUnread() {
        h.create(c, alice, bob);
        h.send(c, alice, "m1");
        h.send(c, alice, "m2");
        h.join(c, carol);          // 4
        h.send(c, alice, "m3");    // 5
        assertThat(drain(h.unread)).filteredOn(u -> u.userId().equals(carol)).extracting(UnreadChanged::unread)
                .containsExactly(1L);
        h.clearOutputs();
        h.receipt(c, carol, ReceiptKind.READ, 2);
        assertThat(drain(h.unread)).isEmpty();
        assertThat(drain(h.receiptsOut)).extracting(ReceiptAdvanced::kind).containsExactly(ReceiptKind.DELIVERED, ReceiptKind.READ);
    }

    @Test
    @DisplayName("UnreadChanged.version only grows within a chat")
    void versionGrows() {
        h.create(c, alice, bob, carol);
        h.send(c, alice, "m1");
        h.receipt(c, bob, ReceiptKind.READ, 2);
        h.send(c, carol, "m2");
        h.receipt(c, bob, ReceiptKind.READ, 3);
        List<Long> versions = drain(h.unread).stream().map(UnreadChanged::version).toList();
        assertThat(versions).isSorted().hasSizeGreaterThan(3);
        assertThat(versions.get(versions.size() - 1)).isGreaterThan(versions.get(0));
    }

    @Test
    @DisplayName("a message in a 300-member chat rewrites O(1) state entries, not one per member")
    void constantStatePerMessage() {
        UUID[] members = IntStream.range(2, 300).mapToObj(WorkerHarness::user).toArray(UUID[]::new);
        h.create(c, alice, members);
        h.send(c, alice, "warm-up");
        String prefix = WorkerSettings.DEFAULT_APPLICATION_ID + "-";
        var changelogs = h.driver.producedTopicNames().stream().filter(t -> t.startsWith(prefix)).toList();
        assertThat(changelogs).hasSize(4);
        changelogs.forEach(t -> h.driver.createOutputTopic(t, org.apache.kafka.common.serialization.Serdes.ByteArray()
                .deserializer(), org.apache.kafka.common.serialization.Serdes.ByteArray().deserializer()).readRecordsToList());
        h.send(c, bob(), "m1");
        long written = changelogs.stream().mapToLong(t -> h.driver.createOutputTopic(t,
                org.apache.kafka.common.serialization.Serdes.ByteArray().deserializer(),
                org.apache.kafka.common.serialization.Serdes.ByteArray().deserializer()).getQueueSize()).sum();
        assertThat(written).isBetween(1L, 4L);
        assertThat(drain(h.inbox)).hasSize(298 + 298);
    }

    private UUID bob() {
        return bob;
    }
}
