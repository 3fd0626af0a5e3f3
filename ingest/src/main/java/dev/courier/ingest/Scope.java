package dev.courier.ingest;

import io.javalin.security.RouteRole;
import java.util.Locale;

/** What an API key may do. {@link #ADMIN} implies the others. */
public enum Scope implements RouteRole {
    /** Write endpoints: chats, members, messages, receipts. */
    PRODUCE,
    /** Read endpoints: history, search, receipts, unread. */
    READ,
    /** Everything, including the ops endpoints. */
    ADMIN;

    /** Whether a key holding this scope may call a route that requires {@code required}. */
    public boolean grants(Scope required) {
        return this == ADMIN || this == required;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
