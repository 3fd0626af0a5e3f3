package dev.courier.app.kafka;

import dev.courier.events.Topic;
import dev.courier.events.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

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
        List<Outcome> outcomes = new ArrayList<>();
        for (Topic<?> t : topics.all()) {
            NewTopic nt = new NewTopic(t.name(), Optional.of(partitions), replicationFactor).configs(t.config());
            boolean created;
            try {
                admin.createTopics(List.of(nt)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                created = true;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + t.name() + ": " + e.getCause().getMessage(), e.getCause());
                }
                created = false;
            } catch (TimeoutException e) {
                throw new IllegalStateException("creating topic " + t.name() + " timed out after " + TIMEOUT_SECONDS
                        + " s: is the broker reachable?", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic " + t.name(), e);
            }
            outcomes.add(new Outcome(t.name(), created, created ? partitions : describe(t.name()).partitions().size()));
        }
        checkCoPartitioning(topics, outcomes);
        return outcomes;
    }

    private static void checkCoPartitioning(Topics topics, List<Outcome> outcomes) {
        Map<String, Integer> byName = new java.util.HashMap<>();
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

    private TopicDescription describe(String name) {
        try {
            return admin.describeTopics(List.of(name)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(name);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topic " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + name, e);
        }
    }
}
