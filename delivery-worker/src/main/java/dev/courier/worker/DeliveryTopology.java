package dev.courier.worker;

import dev.courier.events.Topics;
import dev.courier.worker.internal.ChatProcessor;
import dev.courier.worker.internal.ChatStores;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds the delivery worker's topology: a pure function of settings and topics (no I/O), shared by
 * {@link DeliveryWorker} and the tests.
 *
 * <pre>
 *   chat-events.in ─┐                         ┌─▶ chat-log
 *                   ├─▶ chat (ChatProcessor) ─┼─▶ inbox, receipts, unread
 *   receipts.in ────┘    + 4 state stores     └─▶ rejected
 * </pre>
 *
 * Both inputs are read with the never-throwing {@code decodedSerde()}, so a malformed value arrives at the processor
 * as {@code Decoded.Invalid} and is turned into a {@code Rejected} record instead of failing the task.
 */
public final class DeliveryTopology {

    static final String CHAT_EVENTS_SOURCE = "chat-events-source";
    static final String RECEIPTS_SOURCE = "receipts-source";
    static final String PROCESSOR = "chat";

    private DeliveryTopology() {
    }

    public static Topology build(WorkerSettings settings, Topics topics) {
        return build(settings, topics, WorkerMetrics.noop());
    }

    public static Topology build(WorkerSettings settings, Topics topics, WorkerMetrics metrics) {
        Topology t = new Topology();
        t.addSource(CHAT_EVENTS_SOURCE, topics.chatEventsIn().keySerde().deserializer(),
                topics.chatEventsIn().decodedSerde().deserializer(), topics.chatEventsIn().name());
        t.addSource(RECEIPTS_SOURCE, topics.receiptsIn().keySerde().deserializer(),
                topics.receiptsIn().decodedSerde().deserializer(), topics.receiptsIn().name());
        ChatProcessor.Sinks sinks = new ChatProcessor.Sinks("chat-log-sink", "inbox-sink", "receipts-sink",
                "unread-sink", "rejected-sink");
        t.addProcessor(PROCESSOR, () -> new ChatProcessor(topics, settings.dedupWindow(), metrics, sinks),
                CHAT_EVENTS_SOURCE, RECEIPTS_SOURCE);
        for (StoreBuilder<?> store : ChatStores.builders(settings.dedupWindow(), settings.inMemoryStores())) {
            t.addStateStore(store, PROCESSOR);
        }
        t.addSink(sinks.chatLog(), topics.chatLog().name(), topics.chatLog().keySerde().serializer(),
                topics.chatLog().valueSerde().serializer(), PROCESSOR);
        t.addSink(sinks.inbox(), topics.inbox().name(), topics.inbox().keySerde().serializer(),
                topics.inbox().valueSerde().serializer(), PROCESSOR);
        t.addSink(sinks.receipts(), topics.receipts().name(), topics.receipts().keySerde().serializer(),
                topics.receipts().valueSerde().serializer(), PROCESSOR);
        t.addSink(sinks.unread(), topics.unread().name(), topics.unread().keySerde().serializer(),
                topics.unread().valueSerde().serializer(), PROCESSOR);
        t.addSink(sinks.rejected(), topics.rejected().name(), topics.rejected().keySerde().serializer(),
                topics.rejected().valueSerde().serializer(), PROCESSOR);
        return t;
    }
}
