package dev.courier.testkit;

import dev.courier.embeddedkafka.EmbeddedKafkaCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for failover tests: {@code @ExtendWith(ThreeNodeKafkaExtension.class)} starts a three-node
 * {@link EmbeddedKafkaCluster} for the test class (replication factor 3, {@code min.insync.replicas=2}) and closes
 * it after the class. Injects a {@link KafkaTestContext} on that cluster and the {@link EmbeddedKafkaCluster}
 * itself, to stop and start nodes.
 *
 * <p>Always embedded, whatever {@code courier.test.kafka} says: faults are injected in-process.
 */
public final class ThreeNodeKafkaExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS =
            ExtensionContext.Namespace.create(ThreeNodeKafkaExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        resources(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ClassScopedKafka.closeOwned(context, NS);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KafkaTestContext.class || type == EmbeddedKafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ClassScopedKafka resources = resources(context);
        return parameter.getParameter().getType() == KafkaTestContext.class
                ? resources.context()
                : resources.ownCluster().orElseThrow();
    }

    private static ClassScopedKafka resources(ExtensionContext context) {
        return ClassScopedKafka.getOrCreate(context, NS, () -> {
            EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().nodes(3).build().start();
            try {
                return new ClassScopedKafka(KafkaTestContext.forCluster(cluster), cluster);
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
        });
    }
}
