package dev.courier.ops.lag;

import dev.courier.events.Topics;
import java.util.List;
import java.util.Set;

/** The consumer groups Courier runs, named from the topic prefix as the components name them. */
public final class CourierGroups {

    private CourierGroups() {
    }

    /** The delivery worker's Streams application id: its consumer group. */
    public static String worker(Topics topics) {
        return topics.prefix() + "delivery-worker";
    }

    /** The sink's consumer group. */
    public static String sink(Topics topics) {
        return topics.prefix() + "sink";
    }

    /** The worker on the {@code .in} topics (and its re-routing topic), the sink on chat-log, receipts and unread. */
    public static List<GroupSpec> all(Topics topics) {
        return List.of(
                new GroupSpec(worker(topics), "worker", Set.of(topics.chatEventsIn().name(), topics.receiptsIn().name(),
                        topics.reroute().name())),
                new GroupSpec(sink(topics), "sink", Set.of(topics.chatLog().name(), topics.receipts().name(),
                        topics.unread().name())));
    }
}
