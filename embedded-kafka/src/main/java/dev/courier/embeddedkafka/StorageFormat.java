package dev.courier.embeddedkafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import kafka.server.KafkaConfig;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * Formats a node's log directory for KRaft, the in-process equivalent of {@code kafka-storage.sh format}.
 *
 * <p>A directory that already holds {@code meta.properties} is left alone, so a kept data directory keeps its
 * cluster id, topics and records across restarts.
 */
final class StorageFormat {

    private static final String META_PROPERTIES = "meta.properties";

    private StorageFormat() {
    }

    static boolean isFormatted(Path logDir) {
        return Files.isRegularFile(logDir.resolve(META_PROPERTIES));
    }

    /** The cluster id recorded in an already formatted directory, if there is one. */
    static Optional<String> clusterIdOf(Path logDir) {
        if (!isFormatted(logDir)) {
            return Optional.empty();
        }
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(logDir.resolve(META_PROPERTIES))) {
            meta.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + logDir.resolve(META_PROPERTIES), e);
        }
        return Optional.ofNullable(meta.getProperty("cluster.id"));
    }

    static void format(KafkaConfig config, String clusterId) {
        Formatter formatter = new Formatter()
                // The formatter narrates to System.out; the cluster logs its own summary instead.
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(config.nodeId())
                .setClusterId(clusterId)
                .setControllerListenerName(config.controllerListenerNames().get(0))
                .setMetadataLogDirectory(config.metadataLogDir())
                // Static voters (controller.quorum.voters): the quorum is fixed by config, not stored in the log,
                // so a kept directory still starts when the controller ports differ from the last run.
                .setHasDynamicQuorum(false)
                .setIgnoreFormatted(true);
        config.logDirs().forEach(formatter::addDirectory);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("Formatting KRaft storage " + config.logDirs() + " for node "
                    + config.nodeId() + " (cluster " + clusterId + ") failed: " + e.getMessage(), e);
        }
    }
}
