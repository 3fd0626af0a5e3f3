package dev.courier.ingest.internal;

import dev.courier.ingest.ApiKeys;
import dev.courier.ingest.ApiProblem;
import dev.courier.ingest.Scope;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Authorization: Bearer <key>} for everything under {@code /v1}: 401 (with {@code WWW-Authenticate}) without a
 * known key, 403 when the key's scopes do not grant the route's. The key itself is never logged or echoed.
 */
public final class Authenticator {

    private static final String SCOPES = "courier.scopes";
    private static final String REALM = "Bearer realm=\"courier\"";

    private final ApiKeys keys;

    public Authenticator(ApiKeys keys) {
        this.keys = keys;
    }

    /** Before every {@code /v1} request, matched or not: who is calling. */
    public void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw unauthorized(REALM, "this endpoint needs an API key: Authorization: Bearer <key>", "unauthenticated");
        }
        if (header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized(REALM + ", error=\"invalid_request\"",
                    "the Authorization header must use the Bearer scheme: Authorization: Bearer <key>", "unauthenticated");
        }
        Optional<Set<Scope>> scopes = keys.scopesOf(header.substring(7).strip());
        if (scopes.isEmpty()) {
            throw unauthorized(REALM + ", error=\"invalid_token\"", "the API key is not valid", "unauthenticated");
        }
        ctx.attribute(SCOPES, scopes.get());
    }

    /** Before a matched {@code /v1} route: may this key call it? A route without a scope needs admin (fail closed). */
    public void authorize(Context ctx) {
        if (!ctx.path().startsWith("/v1/")) {
            return;
        }
        Set<Scope> held = ctx.attribute(SCOPES);
        if (held == null) {
            authenticate(ctx);
            held = ctx.attribute(SCOPES);
        }
        Scope required = Scope.ADMIN;
        for (RouteRole role : ctx.routeRoles()) {
            if (role instanceof Scope s) {
                required = s;
            }
        }
        for (Scope s : held) {
            if (s.grants(required)) {
                return;
            }
        }
        throw new ApiProblem(403, "forbidden", "Forbidden", "this endpoint needs the '" + required.wireName()
                + "' scope (or 'admin'); the key has " + names(held), List.of(),
                Map.of("WWW-Authenticate", REALM + ", error=\"insufficient_scope\", scope=\"" + required.wireName() + "\""));
    }

    private static ApiProblem unauthorized(String challenge, String detail, String reason) {
        return new ApiProblem(401, reason, "Unauthorized", detail, List.of(), Map.of("WWW-Authenticate", challenge));
    }

    private static String names(Set<Scope> scopes) {
        StringBuilder sb = new StringBuilder();
        for (Scope s : scopes) {
            sb.append(sb.length() == 0 ? "'" : ", '").append(s.wireName()).append('\'');
        }
        return sb.toString();
    }
}
