package dev.courier.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: {@code @ExtendWith(KafkaExtension.class)} injects a {@link KafkaTestContext} (constructor,
 * lifecycle-method or test parameter) on the JVM's shared broker ({@link TestKafka}), with a topic prefix unique to
 * the test class. The broker outlives the class; the context's admin client is closed after it.
 *
 * <pre>{@code
 * @ExtendWith(KafkaExtension.class)
 * class OrdersIT {
 *     @Test
 *     void roundTrip(KafkaTestContext kafka) {
 *         String topic = kafka.createTopics(3, "orders").get(0);
 *         try (var producer = new KafkaProducer<String, String>(kafka.producerProps())) { ... }
 *     }
 * }
 * }</pre>
 */
public final class KafkaExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KafkaExtension.class);

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
        return parameter.getParameter().getType() == KafkaTestContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return resources(context).context();
    }

    private static ClassScopedKafka resources(ExtensionContext context) {
        // Replication factor 1: the shared broker (embedded or container) is a single node.
        return ClassScopedKafka.getOrCreate(context, NS,
                () -> new ClassScopedKafka(new KafkaTestContext(TestKafka.bootstrapServers(), (short) 1), null));
    }
}
