package dev.courier.worker;

import static dev.courier.worker.WorkerHarness.drain;
import static dev.courier.worker.WorkerHarness.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.events.ChatEvent;
import dev.courier.events.CourierEvent;
import dev.courier.events.RejectReason;
import dev.courier.events.Rejected;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Routing by partition, through the topology: the driver delivers every input on partition 0, so with four partitions a
 * chat whose id maps elsewhere under murmur2 arrived where a foreign partitioner put it.
 */
class RerouteTopologyTest {

    private static final int PARTITIONS = 4;

    private final WorkerHarness h = new WorkerHarness(false, WorkerSettings.DEFAULT_DEDUP_WINDOW, PARTITIONS);
    private final TestOutputTopic<String, CourierEvent> reroute = h.driver.createOutputTopic(
            WorkerHarness.TOPICS.reroute().name(), WorkerHarness.TOPICS.reroute().keySerde().deserializer(),
            WorkerHarness.TOPICS.reroute().valueSerde().deserializer());
    private final UUID alice = user(1);
    private final UUID bob = user(2);

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    @DisplayName("a chat's inputs on a partition its id does not map to pass through reroute and are sequenced as usual")
    void misrouted() {
        UUID chat = chatOn(false);
        h.create(chat, alice, bob);
        h.send(chat, alice, "c-1");
        h.send(chat, bob, "c-2");

        assertThat(drain(reroute)).hasSize(3);
        assertThat(drain(h.chatLog)).extracting(ChatEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(drain(h.rejected)).isEmpty();
        assertThat(h.registry.get("courier.worker.rerouted").counter().count()).isEqualTo(3);
    }

    @Test
    @DisplayName("a chat's inputs on its own partition go straight to the chat processor")
    void wellRouted() {
        UUID chat = chatOn(true);
        h.create(chat, alice, bob);
        h.send(chat, alice, "c-1");

        assertThat(drain(reroute)).isEmpty();
        assertThat(drain(h.chatLog)).extracting(ChatEvent::seq).containsExactly(1L, 2L);
    }

    @Test
    @DisplayName("a re-routed input that is refused names its original topic, partition and offset")
    void rejectsNameTheOriginal() {
        UUID chat = chatOn(false);
        h.create(chat, alice, bob);
        h.send(chat, user(9), "c-1"); // not a member; the second input on chat-events.in, at offset 1

        Rejected r = drain(h.rejected).get(0);
        assertThat(r.reason()).isEqualTo(RejectReason.NOT_A_MEMBER);
        assertThat(r.sourceTopic()).isEqualTo(WorkerHarness.TOPICS.chatEventsIn().name());
        assertThat(r.sourcePartition()).isZero();
        assertThat(r.sourceOffset()).isEqualTo(1);
    }

    /** A chat id that maps (or not) to partition 0, where the driver delivers everything. */
    private static UUID chatOn(boolean partitionZero) {
        while (true) {
            UUID c = UUID.randomUUID();
            int p = Utils.toPositive(Utils.murmur2(c.toString().getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if ((p == 0) == partitionZero) {
                return c;
            }
        }
    }
}
