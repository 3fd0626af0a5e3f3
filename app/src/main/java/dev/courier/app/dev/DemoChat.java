package dev.courier.app.dev;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One chat of the demo as its simulated clients see it; touched by the demo's one thread only. */
final class DemoChat {

    private final UUID id = UUID.randomUUID();
    private final String title;
    private final List<UUID> members;
    private long messages;
    private UUID away;

    private DemoChat(String title, List<UUID> members) {
        this.title = title;
        this.members = List.copyOf(members);
    }

    static DemoChat direct(UUID a, UUID b) {
        return new DemoChat(null, List.of(a, b));
    }

    static DemoChat group(String title, UUID... members) {
        return new DemoChat(title, List.of(members));
    }

    UUID id() {
        return id;
    }

    boolean group() {
        return title != null;
    }

    String title() {
        return title;
    }

    /** Everyone the chat was created with, including one who has left for now. */
    List<UUID> members() {
        return members;
    }

    /** The members who may send now: the one who left does not, or the worker would reject it. */
    List<UUID> activeMembers() {
        List<UUID> active = new ArrayList<>(members);
        active.remove(away);
        return active;
    }

    /** Numbered per chat from 1, the way apps number their outbox; chat ids are new on every start. */
    long nextMessageNumber() {
        return ++messages;
    }

    UUID away() {
        return away;
    }

    void leave(UUID member) {
        away = member;
    }

    void rejoin() {
        away = null;
    }
}
