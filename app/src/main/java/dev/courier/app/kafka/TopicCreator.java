package dev.courier.app.kafka;

import dev.courier.events.Topic;
import dev.courier.events.Topics;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates Courier's topics, idempotently: a topic that exists is left as it is, but a chat-scoped topic whose partition
 * count differs from the others is an error, because co-partitioning by chat id is what lets one task own a chat.
 */
public final class TopicCreator {

    private static final long TIMEOUT_SECONDS = 30;

    /** What happened to one topic. */
    public record Outcome(String topic, boolean created, int partitions) {
    }

    private final Admin admin;

    public TopicCreator(Admin admin) {
        this.admin = admin;
    }

    public List<Outcome> createAll(Topics topics, int partitions, Optional<Short> replicationFactor) {
        Set<String> existing = call("list topics", admin.listTopics().names());
        List<NewTopic> missing = topics.all().stream().filter(t -> !existing.contains(t.name()))
                .map(t -> new NewTopic(t.name(), Optional.of(partitions), replicationFactor).configs(t.config())).toList();
        Set<String> created = new HashSet<>();
        admin.createTopics(missing).values().forEach((name, future) -> {
            try {
                call("create topic " + name, future);
                created.add(name);
            } catch (IllegalStateException e) {
                // Another instance created it between our list and create: that is the idempotent outcome.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        });
        Map<String, Integer> counts = partitionCounts(topics.all().stream().map(Topic::name)
                .filter(n -> !created.contains(n)).toList());
        List<Outcome> outcomes = topics.all().stream().map(t -> created.contains(t.name())
                ? new Outcome(t.name(), true, partitions) : new Outcome(t.name(), false, counts.get(t.name()))).toList();
        checkCoPartitioning(topics, outcomes);
        return outcomes;
    }

    private static void checkCoPartitioning(Topics topics, List<Outcome> outcomes) {
        Map<String, Integer> byName = new HashMap<>();
        outcomes.forEach(o -> byName.put(o.topic(), o.partitions()));
        int expected = byName.get(topics.chatEventsIn().name());
        List<String> mismatched = topics.all().stream()
                .filter(t -> t.keyedBy() == Topic.KeyedBy.CHAT_ID && byName.get(t.name()) != expected)
                .map(t -> t.name() + " has " + byName.get(t.name())).toList();
        if (!mismatched.isEmpty()) {
            throw new IllegalStateException("chat-scoped topics must share one partition count (" + topics.chatEventsIn().name()
                    + " has " + expected + "), but " + String.join(", ", mismatched)
                    + ". Recreate them or add partitions with kafka-topics.sh --alter before starting the worker.");
        }
    }

    private Map<String, Integer> partitionCounts(List<String> names) {
        Map<String, Integer> counts = new HashMap<>();
        if (names.isEmpty()) {
            return counts;
        }
        // A topic created moments ago (by another instance) may not have reached this broker's metadata yet.
        for (int attempt = 1; ; attempt++) {
            try {
                call("describe topics", admin.describeTopics(names).allTopicNames())
                        .forEach((name, d) -> counts.put(name, d.partitions().size()));
                return counts;
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt == 10) {
                    throw e;
                }
                pause(200L * attempt);
            }
        }
    }

    private static <T> T call(String what, KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot " + what + ": no answer in " + TIMEOUT_SECONDS + " s (is the broker reachable?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for topic metadata", e);
        }
    }
}
