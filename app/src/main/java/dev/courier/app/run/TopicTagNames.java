package dev.courier.app.run;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives the Kafka clients' meters the real topic names. Kafka publishes its per-topic and per-partition fetch and
 * send metrics with the topic's dots replaced by underscores ({@code courier_chat-events_in}), and its per-partition
 * ones a second time under the real name: every lag series showed up twice, once under a name no topic has. The
 * underscored value of a topic this process uses is mapped back to the real name, so both registrations become one
 * meter. Values that are not one of the given topics are left alone (a topic may contain underscores).
 */
final class TopicTagNames implements MeterFilter {

    private final Map<String, String> realByLegacy = new HashMap<>();

    TopicTagNames(Collection<String> topics) {
        for (String t : topics) {
            if (t.contains(".")) {
                realByLegacy.put(t.replace('.', '_'), t);
            }
        }
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String topic = id.getTag("topic");
        String real = topic == null ? null : realByLegacy.get(topic);
        if (real == null) {
            return id;
        }
        List<Tag> tags = new ArrayList<>();
        for (Tag t : id.getTagsAsIterable()) {
            tags.add(t.getKey().equals("topic") ? Tag.of("topic", real) : t);
        }
        return id.replaceTags(tags);
    }
}
