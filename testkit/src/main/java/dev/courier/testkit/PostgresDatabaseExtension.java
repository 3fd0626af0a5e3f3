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
        context.getStore(NS).put("db", PostgresTestDatabase.create(context.getRequiredTestClass().getSimpleName()));
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
        // Stores are hierarchical: a method's store falls back to its class's.
        PostgresTestDatabase db = e.getStore(NS).get("db", PostgresTestDatabase.class);
        if (db == null) {
            throw new IllegalStateException("PostgresDatabaseExtension: no database for " + e.getUniqueId());
        }
        return db;
    }
}
