package dev.courier.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TopicsTest {

    private final EventCodec codec = new EventCodec(EventLimits.defaults());

    @Test
    @DisplayName("all topic names come from one prefix")
    void prefixed() {
        assertThat(new Topics("acme.", codec).all()).extracting(Topic::name).containsExactly(
                "acme.chat-events.in", "acme.receipts.in", "acme.chat-log", "acme.inbox", "acme.receipts", "acme.unread",
                "acme.rejected", "acme.reroute");
    }

    @Test
    @DisplayName("chat-scoped topics are keyed by chat id, inbox and unread by user id")
    void keys() {
        Topics t = new Topics(Topics.DEFAULT_PREFIX, codec);
        assertThat(t.all()).filteredOn(x -> x.keyedBy() == Topic.KeyedBy.USER_ID).containsExactly(t.inbox(), t.unread());
    }

    @Test
    @DisplayName("a prefix Kafka would refuse is refused up front, naming the allowed characters")
    void badPrefix() {
        assertThatThrownBy(() -> new Topics("bad prefix/", codec)).hasMessageContaining("'bad prefix/' must be");
    }
}
