package dev.courier.persistence;

import dev.courier.persistence.internal.write.SqlErrors;
import java.sql.SQLException;

/**
 * A read failed in the database. {@link #retriable()} tells the HTTP layer whether it is the database being
 * unavailable (503, try again) or something else (500).
 */
public final class PersistenceException extends RuntimeException {

    private final boolean retriable;

    PersistenceException(String what, SQLException cause) {
        super(what + " failed: " + SqlErrors.describe(cause), cause);
        this.retriable = cause.getSQLState() == null || cause.getSQLState().startsWith("08")
                || cause.getSQLState().startsWith("57P") || cause.getSQLState().startsWith("53")
                || cause instanceof java.sql.SQLTransientException;
    }

    public boolean retriable() {
        return retriable;
    }
}
