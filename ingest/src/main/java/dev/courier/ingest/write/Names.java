package dev.courier.ingest.write;

import java.util.Collection;
import java.util.stream.Collectors;

/** Small text helpers for error messages. */
final class Names {

    private Names() {
    }

    static String sorted(Collection<String> names) {
        return names.stream().sorted().collect(Collectors.joining(", "));
    }
}
