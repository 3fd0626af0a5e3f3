package dev.courier.app.dev;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The demo's cast. Ids are derived from the names, so the same people come back on every start and their unread
 * counts and receipts carry over.
 */
final class DemoUsers {

    /** Writes to a group that never had them: the worker rejects it as not_a_member. */
    static final UUID STRANGER = named("mallory");

    private DemoUsers() {
    }

    static UUID named(String name) {
        return UUID.nameUUIDFromBytes(("courier-demo-user:" + name).getBytes(StandardCharsets.UTF_8));
    }
}
