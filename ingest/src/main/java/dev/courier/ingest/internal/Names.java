package dev.courier.ingest.internal;

import java.util.Collection;
import java.util.stream.Collectors;

/** Small text helpers for error messages. */
final class Names {

    private Names() {
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    static String sorted(Collection<String> names) {
        return names.stream().sorted().collect(Collectors.joining(", "));
    }
}
