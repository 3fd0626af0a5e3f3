package dev.courier.app.cli;

import java.lang.reflect.Constructor;
import java.util.Map;
import picocli.CommandLine;

/**
 * Gives commands the environment through their constructor, so nothing below the entry point reads
 * {@code System.getenv()} and tests can pass their own map.
 */
public final class EnvironmentFactory implements CommandLine.IFactory {

    private final Map<String, String> env;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    public EnvironmentFactory(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        try {
            Constructor<K> c = cls.getDeclaredConstructor(Map.class);
            c.setAccessible(true);
            return c.newInstance(env);
        } catch (NoSuchMethodException e) {
            return fallback.create(cls);
        }
    }
}
