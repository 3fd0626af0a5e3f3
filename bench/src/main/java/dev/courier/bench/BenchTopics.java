package dev.courier.bench;

import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.Topic;
import dev.courier.events.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Courier's topics under a prefix of their own for one phase, plus any extra topics it needs; on close, every topic
 * under the prefix is deleted (Streams' internal topics and the references' included).
 */
public final class BenchTopics implements AutoCloseable {

    public static final EventCodec CODEC = new EventCodec(EventLimits.defaults());

    private final Admin admin;
    private final String prefix;
    private final Topics topics;

    private BenchTopics(Admin admin, String prefix) {
        this.admin = admin;
        this.prefix = prefix;
        this.topics = new Topics(prefix, CODEC);
    }

    /** Creates Courier's topics with {@code partitions} partitions each, and the extra names (under the prefix). */
    public static BenchTopics create(String bootstrap, String phase, int partitions, String... extra) throws Exception {
        Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
        String prefix = String.format(Locale.ROOT, "bench-%s-%08x.", phase, ThreadLocalRandom.current().nextInt());
        BenchTopics t = new BenchTopics(admin, prefix);
        try {
            List<NewTopic> all = new ArrayList<>();
            for (Topic<?> topic : t.topics.all()) {
                all.add(new NewTopic(topic.name(), partitions, (short) 1));
            }
            for (String name : extra) {
                all.add(new NewTopic(prefix + name, partitions, (short) 1));
            }
            admin.createTopics(all).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            t.close();
            throw e;
        }
        return t;
    }

    public Topics topics() {
        return topics;
    }

    public String prefix() {
        return prefix;
    }

    /** An extra topic's full name. */
    public String name(String extra) {
        return prefix + extra;
    }

    public Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        try {
            Set<String> mine = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(n -> n.startsWith(prefix)).collect(java.util.stream.Collectors.toSet());
            if (!mine.isEmpty()) {
                admin.deleteTopics(mine).all().get(60, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("bench: could not delete the topics under " + prefix + ": " + e.getMessage());
        } finally {
            admin.close();
        }
    }
}
