package dev.courier.migrations;

/** Every failure of a migrate command, with a {@link Code} and a message that says what to do. */
public final class MigrationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong; the command maps these to exit codes and wording. */
    public enum Code {
        INVALID_SETTINGS,
        /** A versioned migration failed; it was rolled back and recorded as failed (run repair). */
        MIGRATION_FAILED,
        /** The history holds a failed migration: nothing runs until {@code repair}. */
        FAILED_MIGRATION_PENDING_REPAIR,
        /** An applied script was edited after it was applied. */
        CHECKSUM_MISMATCH,
        VALIDATION_FAILED,
        UNDO_SCRIPT_MISSING,
        UNDO_NOT_POSSIBLE,
        UNDO_FAILED,
        INVALID_NAME,
        SCAFFOLD_FAILED,
        DATABASE
    }

    private final Code code;

    public MigrationException(Code code, String message) {
        this(code, message, null);
    }

    public MigrationException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
