package dev.courier.ops.lag;

import java.util.Set;

/**
 * A consumer group to watch and the topics it reads. With no topics, the topics it has committed offsets on.
 *
 * @param role what the group is to Courier ({@code worker}, {@code sink}) or {@code consumer} for any other group
 */
public record GroupSpec(String group, String role, Set<String> topics) {

    public GroupSpec {
        topics = Set.copyOf(topics);
    }

    /** A group named by the operator: a consumer app reading {@code courier.inbox}, say. */
    public static GroupSpec other(String group) {
        return new GroupSpec(group, "consumer", Set.of());
    }
}
