package dev.courier.events;

/** One thing wrong with an input: the field (a JSON path such as {@code members[2]}, or {@code ""} for the whole value) and what. */
public record Problem(String field, String message) {

    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
