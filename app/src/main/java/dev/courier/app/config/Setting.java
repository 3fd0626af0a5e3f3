package dev.courier.app.config;

/**
 * One documented configuration variable. The table of these ({@link Settings#ALL}) is the single source for parsing,
 * {@code --help} and the README's configuration table.
 *
 * @param name        environment variable name, e.g. {@code COURIER_HTTP_PORT}
 * @param defaultValue the value when unset, or null when the setting is optional with no default
 * @param secret      whether its value must never be logged
 */
public record Setting(String name, String defaultValue, boolean secret, String description) {

    /** The same key as written in a properties file: {@code courier.http.port} (the env-var name works there too). */
    public String propertyName() {
        return name.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
    }
}
