package dev.courier.app.config;

import java.util.List;

/** Configuration that cannot be used; the message has one line per problem, each naming its variable. */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
