package dev.courier.persistence;

import dev.courier.events.Problem;
import java.util.List;

/** Parameter rules shared by the read queries (DESIGN.md §3: limit ≤ 200, default 50). */
final class Limits {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private Limits() {
    }

    static void limit(long limit, List<Problem> problems) {
        if (limit < 1 || limit > MAX_LIMIT) {
            problems.add(new Problem("limit", "must be 1.." + MAX_LIMIT + ", was " + limit));
        }
    }

    static void required(Object value, String name, List<Problem> problems) {
        if (value == null) {
            problems.add(new Problem(name, "required"));
        }
    }
}
