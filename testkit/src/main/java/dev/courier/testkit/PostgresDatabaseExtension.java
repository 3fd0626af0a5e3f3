package dev.courier.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: {@code @ExtendWith(PostgresDatabaseExtension.class)} gives the test class a fresh
 * {@link PostgresTestDatabase} (inject it as a constructor, lifecycle-method or test parameter), dropped after the class.
 */
public final class PostgresDatabaseExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresDatabaseExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        database(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        PostgresTestDatabase db = context.getStore(NS).remove("db", PostgresTestDatabase.class);
        if (db != null) {
            db.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == PostgresTestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return database(e);
    }

    /**
     * The class's database, created on first use: a {@code PER_CLASS} test instance is constructed (and asks for it)
     * before the beforeAll callbacks run.
     */
    private static PostgresTestDatabase database(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        String owner = classContext.getRequiredTestClass().getSimpleName();
        return classContext.getStore(NS).getOrComputeIfAbsent("db", k -> PostgresTestDatabase.create(owner),
                PostgresTestDatabase.class);
    }
}
