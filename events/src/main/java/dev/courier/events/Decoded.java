package dev.courier.events;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of reading one value off the wire: the event, or why it is not one. Decoding never throws, so a
 * consumer that meets a bad record can route it to {@code rejected} and go on with the next.
 */
public sealed interface Decoded<T extends CourierEvent> {

    /** A well-formed event. */
    record Valid<T extends CourierEvent>(T event) implements Decoded<T> {
    }

    /** Not an acceptable event; {@code raw} is the value as text (null for a null value). */
    record Invalid<T extends CourierEvent>(RejectReason reason, List<Problem> problems, String raw) implements Decoded<T> {

        public Invalid {
            problems = List.copyOf(problems);
        }

        /** Every problem in one line, e.g. {@code chatId: missing; content: 17000 bytes, over the 16384-byte limit}. */
        public String detail() {
            return problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
        }
    }
}
