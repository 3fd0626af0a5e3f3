package dev.courier.migrations.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The {@code U<version>__<description>.sql} scripts in the same locations as the {@code V} scripts, found the way
 * Flyway finds those: every file under a location (subdirectories included) whose name starts with {@code U} and
 * ends with {@code .sql}; on the classpath in directories and jars alike, the first of equal resource names winning.
 * {@link FlywayAdapter#undoScripts()} turns the configured locations into {@link Root}s.
 */
public final class UndoScripts {

    public static final String PREFIX = "U";
    public static final String SUFFIX = ".sql";

    /** A location to search: a resource path on the classpath (e.g. {@code db/migration}) or a directory. */
    public record Root(boolean classpath, String path) {
    }

    /** One undo script; its text is read when the undo runs it. */
    public static final class Script {
        private final String fileName;
        private final String path;
        private final Charset encoding;
        private final Bytes bytes;

        private Script(String fileName, String path, Charset encoding, Bytes bytes) {
            this.fileName = fileName;
            this.path = path;
            this.encoding = encoding;
            this.bytes = bytes;
        }

        /** e.g. {@code U7__messages.sql} */
        public String fileName() {
            return fileName;
        }

        /** The resource name on the classpath, or the file's absolute path. */
        public String path() {
            return path;
        }

        /** The script's text in the configured encoding; malformed input is an error, not replaced. */
        public String read() throws IOException {
            return encoding.newDecoder().decode(ByteBuffer.wrap(bytes.read())).toString();
        }
    }

    @FunctionalInterface
    private interface Bytes {
        byte[] read() throws IOException;
    }

    private final Map<String, Script> byVersion;

    private UndoScripts(Map<String, Script> byVersion) {
        this.byVersion = byVersion;
    }

    static UndoScripts scan(List<Root> roots, ClassLoader classLoader, Charset encoding) throws IOException {
        Map<String, Script> found = new LinkedHashMap<>();
        for (Root root : roots) {
            if (root.classpath()) {
                scanClasspath(root.path(), classLoader, encoding, found);
            } else {
                scanDirectory(Path.of(root.path()), encoding, found);
            }
        }
        Map<String, Script> byVersion = new TreeMap<>(FlywayAdapter.VERSION_ORDER);
        for (Script s : found.values()) {
            String name = s.fileName();
            int sep = name.indexOf("__");
            if (sep <= PREFIX.length()) {
                continue; // not U<version>__<description>.sql
            }
            Optional<String> version = FlywayAdapter.parseVersion(name.substring(PREFIX.length(), sep).replace('_', '.'));
            if (version.isEmpty()) {
                continue;
            }
            Script previous = byVersion.putIfAbsent(version.get(), s);
            if (previous != null) {
                throw new IllegalStateException("Two undo scripts for version " + version.get() + ": " + previous.path()
                        + " and " + s.path());
            }
        }
        return new UndoScripts(byVersion);
    }

    public Optional<Script> forVersion(String version) {
        return Optional.ofNullable(byVersion.get(version));
    }

    private static boolean isUndoScript(String fileName) {
        return fileName.startsWith(PREFIX) && fileName.endsWith(SUFFIX);
    }

    private static void scanDirectory(Path dir, Charset encoding, Map<String, Script> found) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String name = f.getFileName().toString();
                if (isUndoScript(name)) {
                    Path file = f.toAbsolutePath();
                    found.putIfAbsent(file.toString(), new Script(name, file.toString(), encoding, () -> Files.readAllBytes(file)));
                }
            }
        }
    }

    private static void scanClasspath(String root, ClassLoader loader, Charset encoding, Map<String, Script> found)
            throws IOException {
        String dir = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        for (URL url : Collections.list(loader.getResources(dir))) {
            for (String resource : resourcesUnder(url, dir)) {
                String name = resource.substring(resource.lastIndexOf('/') + 1);
                if (isUndoScript(name)) {
                    found.putIfAbsent("classpath:" + resource, new Script(name, resource, encoding, () -> {
                        try (InputStream in = loader.getResourceAsStream(resource)) {
                            if (in == null) {
                                throw new IOException("resource " + resource + " is gone from the classpath");
                            }
                            return in.readAllBytes();
                        }
                    }));
                }
            }
        }
    }

    /** The resource names of the files under {@code dir} in the directory or jar {@code url} points at. */
    private static List<String> resourcesUnder(URL url, String dir) throws IOException {
        if ("file".equals(url.getProtocol())) {
            Path base;
            try {
                base = Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IOException("Cannot read " + url + ": " + e.getMessage(), e);
            }
            try (Stream<Path> files = Files.walk(base)) {
                return files.filter(Files::isRegularFile).sorted()
                        .map(f -> dir + "/" + base.relativize(f).toString().replace('\\', '/')).toList();
            }
        }
        URLConnection connection = url.openConnection();
        if (connection instanceof JarURLConnection jarConnection) {
            // Not the cached JarFile, which is shared and must stay open: this one is ours to close.
            jarConnection.setUseCaches(false);
            try (JarFile jar = jarConnection.getJarFile()) {
                String prefix = dir + "/";
                return jar.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(prefix)).map(JarEntry::getName)
                        .sorted().toList();
            }
        }
        throw new IOException("Cannot list the undo scripts in " + url + ": only directories and jars are supported");
    }
}
