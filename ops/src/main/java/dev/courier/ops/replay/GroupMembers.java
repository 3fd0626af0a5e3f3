package dev.courier.ops.replay;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/** Who is consuming in a group right now: offsets and tables must not be changed under a running consumer. */
public final class GroupMembers {

    private GroupMembers() {
    }

    /** {@code client-id on host} of each active member; empty when none (or the group does not exist). */
    public static List<String> of(Admin admin, String group) {
        ConsumerGroupDescription d;
        try {
            d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw new IllegalStateException("cannot describe group " + group + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("describing group " + group + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return d.members().stream().map(m -> m.clientId() + " on " + m.host()).sorted().toList();
    }
}
