package dev.courier.worker;

import dev.courier.events.Topics;
import dev.courier.worker.internal.ChatProcessor;
import dev.courier.worker.internal.ChatRouter;
import dev.courier.worker.internal.ChatStores;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds the delivery worker's topology: a pure function of settings and topics (no I/O), shared by
 * {@link DeliveryWorker} and the tests.
 *
 * <pre>
 *   chat-events.in ─┐                                    ┌─▶ chat-log
 *                   ├─▶ route ─────────▶ chat ───────────┼─▶ inbox, receipts, unread
 *   receipts.in ────┘    │             ▲ (ChatProcessor  └─▶ rejected
 *                        ▼             │  + 4 stores)
 *                     reroute ─────────┘
 * </pre>
 *
 * {@code route} ({@link ChatRouter}) passes a record whose partition is not the one its chat id maps to through the
 * {@code reroute} topic, to the task that owns the chat. The inputs are read with the never-throwing
 * {@code decodedSerde()}, so a malformed value arrives at the processor as {@code Decoded.Invalid} and is turned into a
 * {@code Rejected} record instead of failing the task.
 */
public final class DeliveryTopology {

    static final String CHAT_EVENTS_SOURCE = "chat-events-source";
    static final String RECEIPTS_SOURCE = "receipts-source";
    static final String REROUTED_SOURCE = "rerouted-source";
    static final String ROUTER = "route";
    static final String REROUTE_SINK = "reroute-sink";
    static final String PROCESSOR = "chat";

    private DeliveryTopology() {
    }

    /**
     * @param inputPartitions the partition count of the chat-scoped topics (the inputs and {@code reroute} share it),
     *                        which decides the partition each chat belongs to
     */
    public static Topology build(WorkerSettings settings, Topics topics, WorkerMetrics metrics, int inputPartitions) {
        Topology t = new Topology();
        t.addSource(CHAT_EVENTS_SOURCE, topics.chatEventsIn().keySerde().deserializer(),
                topics.chatEventsIn().decodedSerde().deserializer(), topics.chatEventsIn().name());
        t.addSource(RECEIPTS_SOURCE, topics.receiptsIn().keySerde().deserializer(),
                topics.receiptsIn().decodedSerde().deserializer(), topics.receiptsIn().name());
        t.addSource(REROUTED_SOURCE, topics.reroute().keySerde().deserializer(),
                topics.reroute().decodedSerde().deserializer(), topics.reroute().name());
        t.addProcessor(ROUTER, () -> new ChatRouter(inputPartitions, PROCESSOR, REROUTE_SINK, metrics),
                CHAT_EVENTS_SOURCE, RECEIPTS_SOURCE);
        t.addSink(REROUTE_SINK, topics.reroute().name(), topics.reroute().keySerde().serializer(),
                topics.reroute().valueSerde().serializer(), ROUTER);
        ChatProcessor.Sinks sinks = new ChatProcessor.Sinks("chat-log-sink", "inbox-sink", "receipts-sink",
                "unread-sink", "rejected-sink");
        t.addProcessor(PROCESSOR, () -> new ChatProcessor(topics, settings.dedupWindow(), metrics, sinks),
                ROUTER, REROUTED_SOURCE);
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
