package dev.courier.migrations.internal;

import dev.courier.migrations.MigrationException;
import dev.courier.migrations.MigrationException.Code;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;

/**
 * A PostgreSQL session advisory lock held for a whole {@code up}, so that of several instances starting at once one
 * migrates and the others wait, then find nothing left to do. Flyway's own lock covers one migration at a time, which
 * would let two instances interleave their work.
 */
public final class MigrationLock implements AutoCloseable {

    /** An arbitrary constant ("courier" in ASCII, folded to 64 bits); distinct from Flyway's own lock key. */
    private static final long KEY = 0x636f75726965725fL;

    private final Connection connection;

    private MigrationLock(Connection connection) {
        this.connection = connection;
    }

    /** Blocks until this session holds the lock. */
    public static MigrationLock acquire(Supplier<Connection> connect) {
        Connection c = connect.get();
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + KEY + ")");
            return new MigrationLock(c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new MigrationException(Code.DATABASE, "Cannot take the migration lock: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // Closing the session releases the lock even if the unlock statement fails.
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT pg_advisory_unlock(" + KEY + ")");
        } catch (SQLException ignored) {
            // the close below releases it
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing more to release
        }
    }
}
