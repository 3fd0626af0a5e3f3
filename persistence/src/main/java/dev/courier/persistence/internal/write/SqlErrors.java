package dev.courier.persistence.internal.write;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Database errors classified once, by SQLState; the sink acts on the class, never on a message text. */
public final class SqlErrors {

    public enum Kind {
        /** The data of some record is refused (class 22 data exception, class 23 integrity violation): isolate it. */
        DATA,
        /**
         * Anything else: connection lost or refused (08), server shutting down (57P), serialization failure or
         * deadlock (40001, 40P01), out of resources (53), pool timeout, and anything unexpected. Retried with backoff:
         * an unknown error stalls the sink (visible as not-ready) rather than sending good records to {@code rejected}.
         */
        RETRIABLE
    }

    private SqlErrors() {
    }

    public static Kind classify(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if (x instanceof SQLTransientException || x instanceof SQLRecoverableException || state == null) {
                return Kind.RETRIABLE;
            }
            if (state.startsWith("22") || state.startsWith("23")) {
                return Kind.DATA;
            }
            if (x.getNextException() == x) {
                break;
            }
        }
        return Kind.RETRIABLE;
    }

    /** The error as one line for logs and {@code rejected}: message and SQLState. */
    public static String describe(SQLException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' ');
        return msg + " (SQLState " + e.getSQLState() + ")";
    }
}
