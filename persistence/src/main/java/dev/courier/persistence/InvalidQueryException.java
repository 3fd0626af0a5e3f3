package dev.courier.persistence;

import dev.courier.events.Problem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A read API call with bad parameters (a 400 for the HTTP layer). Carries every bad parameter as a {@link Problem},
 * so the route can list them all in one problem+json response.
 */
public final class InvalidQueryException extends IllegalArgumentException {

    private final transient List<Problem> problems;

    public InvalidQueryException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    static void throwIfAny(List<Problem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidQueryException(problems);
        }
    }
}
