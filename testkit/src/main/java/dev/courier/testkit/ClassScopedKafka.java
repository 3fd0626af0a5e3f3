package dev.courier.testkit;

import dev.courier.embeddedkafka.EmbeddedKafkaCluster;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Kafka resources of one test class, kept in the JUnit store of that class: the {@link KafkaTestContext} and,
 * for a class that has its own cluster, that cluster. Shared by both Kafka extensions.
 */
final class ClassScopedKafka implements AutoCloseable {

    private static final String KEY = "kafka";

    private final KafkaTestContext context;
    private final EmbeddedKafkaCluster ownCluster;

    ClassScopedKafka(KafkaTestContext context, EmbeddedKafkaCluster ownCluster) {
        this.context = context;
        this.ownCluster = ownCluster;
    }

    KafkaTestContext context() {
        return context;
    }

    Optional<EmbeddedKafkaCluster> ownCluster() {
        return Optional.ofNullable(ownCluster);
    }

    /**
     * The resources visible from {@code extensionContext}, created in the class-level store if there are none.
     * Lookups are hierarchical, so {@code @Nested} classes share their enclosing class's; creation also happens
     * here, not only in beforeAll, because a PER_CLASS test instance is constructed (and injected) before it.
     */
    static ClassScopedKafka getOrCreate(ExtensionContext extensionContext, ExtensionContext.Namespace ns,
            Supplier<ClassScopedKafka> factory) {
        ClassScopedKafka existing = extensionContext.getStore(ns).get(KEY, ClassScopedKafka.class);
        if (existing != null) {
            return existing;
        }
        ExtensionContext classContext = extensionContext;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        ClassScopedKafka created = factory.get();
        classContext.getStore(ns).put(KEY, created);
        return created;
    }

    /** Closes the resources this very context created; a nested class leaves its enclosing class's alone. */
    static void closeOwned(ExtensionContext extensionContext, ExtensionContext.Namespace ns) {
        ClassScopedKafka owned = extensionContext.getStore(ns).remove(KEY, ClassScopedKafka.class);
        if (owned != null) {
            owned.close();
        }
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            if (ownCluster != null) {
                ownCluster.close();
            }
        }
    }
}
