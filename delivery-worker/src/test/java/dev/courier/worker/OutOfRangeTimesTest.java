package dev.courier.worker;

import static dev.courier.worker.WorkerHarness.chat;
import static dev.courier.worker.WorkerHarness.drain;
import static dev.courier.worker.WorkerHarness.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.events.ChatEvent;
import dev.courier.events.RejectReason;
import dev.courier.events.Rejected;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Times Java reads but PostgreSQL cannot store never move the worker's state: the sink would refuse the row after the
 * event took a seq or moved a watermark, and history and unread counts would disagree with chat-log.
 */
class OutOfRangeTimesTest {

    private final WorkerHarness h = new WorkerHarness();
    private final UUID c = chat(1);
    private final UUID alice = user(1);
    private final UUID bob = user(2);

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    @DisplayName("a message with a sentAt past year 9999 is rejected and takes no seq")
    void messageTime() {
        h.create(c, alice, bob);
        h.rawEvents.pipeInput(c.toString(), "{\"type\":\"MessageSent\",\"v\":1,\"chatId\":\"" + c + "\",\"senderId\":\"" + alice
                + "\",\"clientMessageId\":\"c-1\",\"content\":\"hi\",\"sentAt\":\"+100000-01-01T00:00:00Z\"}", h.now);
        h.send(c, alice, "c-2");

        assertThat(drain(h.chatLog)).extracting(ChatEvent::seq).containsExactly(1L, 2L);
        assertThat(drain(h.rejected)).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.INVALID);
            assertThat(r.detail()).startsWith("sentAt: must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        });
    }

    @Test
    @DisplayName("a receipt whose time is past year 9999 is rejected and moves no watermark")
    void receiptTime() {
        h.create(c, alice, bob);
        h.send(c, alice, "c-1");
        h.clearOutputs();
        h.rawReceipts.pipeInput(c.toString(), "{\"type\":\"ReceiptSubmitted\",\"v\":1,\"chatId\":\"" + c + "\",\"userId\":\"" + bob
                + "\",\"kind\":\"read\",\"upToSeq\":2,\"at\":\"+100000-01-01T00:00:00Z\"}", h.now);

        assertThat(drain(h.receiptsOut)).isEmpty();
        assertThat(drain(h.unread)).isEmpty();
        assertThat(drain(h.rejected)).extracting(Rejected::reason).containsExactly(RejectReason.INVALID);
        h.receipt(c, bob, dev.courier.events.ReceiptKind.READ, 2);
        assertThat(drain(h.receiptsOut)).as("the watermark still moves from where it was").isNotEmpty();
    }
}
