package dev.courier.app.dev;

import dev.courier.ingest.ApiKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The admin key {@code courier dev} uses when COURIER_API_KEYS is not set, kept in {@code COURIER_DATA_DIR/admin.key}
 * so that scripts and shells keep working across restarts. Readable by its owner only.
 *
 * @param key the bearer token
 * @param created true when this start generated it (the banner says so)
 * @param file where it is kept
 */
public record DevAdminKey(String key, boolean created, Path file) {

    public static final String FILE_NAME = "admin.key";

    /** Reads the key kept under {@code dataDir}, or generates and keeps a new one. */
    public static DevAdminKey loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                String key = Files.readString(file, StandardCharsets.US_ASCII).strip();
                try {
                    ApiKeys.parse(key + ":admin");
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(file + " does not hold one API key (" + e.getMessage()
                            + "); delete the file to have a new key generated, or set COURIER_API_KEYS");
                }
                return new DevAdminKey(key, false, file);
            }
            Files.createDirectories(dataDir);
            String key = ApiKeys.newKey();
            // Written under a temporary name with owner-only permissions, then renamed: a crash never leaves a
            // half-written key, and the key is never readable by others, not even for a moment.
            Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
            Files.deleteIfExists(tmp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, key + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return new DevAdminKey(key, true, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the dev admin key " + file + ": " + e.getMessage(), e);
        }
    }
}
