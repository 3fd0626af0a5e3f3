package dev.courier.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API keys ingest accepts and the scopes each grants, read from {@code COURIER_API_KEYS}: a comma-separated list
 * of {@code <key>:<scope>[|<scope>...]}, scopes {@code produce}, {@code read}, {@code admin} (admin implies the
 * others), e.g. {@code k1:produce|read,k2:admin}. A key is what a client sends as {@code Authorization: Bearer <key>},
 * so it may only hold the characters of an RFC 6750 bearer token ({@code A-Z a-z 0-9 - . _ ~ + /}, then {@code =}s).
 *
 * <p>Only SHA-256 digests of the keys are kept. A lookup hashes the presented key and compares it against every
 * digest with {@link MessageDigest#isEqual} without stopping early, so its timing says nothing about how close a
 * guess was. Neither {@link #toString()} nor any error message contains a key.
 */
public final class ApiKeys {

    private static final Pattern BEARER_TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private record Entry(byte[] digest, Set<Scope> scopes) {
    }

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses the {@code COURIER_API_KEYS} format. Collects every problem and throws one
     * {@link IllegalArgumentException} naming each by entry position (never by key), e.g.
     * {@code COURIER_API_KEYS: entry 2: unknown scope 'write' (expected produce, read or admin)}.
     */
    public static ApiKeys parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("COURIER_API_KEYS: no keys given; expected <key>:<scope>[|<scope>...],"
                    + " comma-separated, e.g. k1:produce|read,k2:admin");
        }
        List<String> problems = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        String[] parts = spec.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String where = "entry " + (i + 1);
            String part = parts[i].strip();
            if (part.isEmpty()) {
                problems.add(where + " is empty (a stray comma?)");
                continue;
            }
            int colon = part.lastIndexOf(':');
            if (colon < 0) {
                problems.add(where + " has no ':'; expected <key>:<scope>[|<scope>...]");
                continue;
            }
            String key = part.substring(0, colon).strip();
            String scopeList = part.substring(colon + 1).strip();
            int before = problems.size();
            if (key.isEmpty()) {
                problems.add(where + ": the key is empty");
            } else if (!BEARER_TOKEN.matcher(key).matches()) {
                problems.add(where + ": the key holds characters a bearer token cannot carry"
                        + " (allowed: A-Z a-z 0-9 - . _ ~ + / and trailing =)");
            }
            Set<Scope> scopes = scopes(scopeList, where, problems);
            if (problems.size() > before) {
                continue;
            }
            byte[] digest = sha256(key);
            for (int j = 0; j < entries.size(); j++) {
                if (MessageDigest.isEqual(entries.get(j).digest(), digest)) {
                    problems.add(where + " repeats the key of an earlier entry");
                }
            }
            entries.add(new Entry(digest, scopes));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("COURIER_API_KEYS: " + String.join("; ", problems));
        }
        return new ApiKeys(entries);
    }

    private static Set<Scope> scopes(String list, String where, List<String> problems) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        if (list.isEmpty()) {
            problems.add(where + ": no scope after ':' (expected produce, read or admin)");
            return scopes;
        }
        for (String s : list.split("\\|", -1)) {
            String name = s.strip();
            Scope scope = null;
            for (Scope candidate : Scope.values()) {
                if (candidate.wireName().equals(name)) {
                    scope = candidate;
                }
            }
            if (scope == null) {
                problems.add(where + ": " + (name.isEmpty() ? "an empty scope" : "unknown scope '" + name + "'")
                        + " (expected produce, read or admin)");
            } else {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    /** A fresh random key (256 bits, URL-safe base64), e.g. for {@code courier dev} to generate and print. */
    public static String newKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The scopes of {@code presentedKey}, or empty if it is not a known key. Takes the same time for every key. */
    public Optional<Set<Scope>> scopesOf(String presentedKey) {
        if (presentedKey == null) {
            return Optional.empty();
        }
        byte[] digest = sha256(presentedKey);
        Set<Scope> found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest)) {
                found = entry.scopes();
            }
        }
        return Optional.ofNullable(found);
    }

    /** How many keys there are. */
    public int size() {
        return entries.size();
    }

    /** E.g. {@code ApiKeys[2 keys: #1 produce|read, #2 admin]}: scopes by position, never a key. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ApiKeys[").append(entries.size()).append(entries.size() == 1 ? " key" : " keys");
        for (int i = 0; i < entries.size(); i++) {
            sb.append(i == 0 ? ": #" : ", #").append(i + 1).append(' ');
            StringBuilder scopes = new StringBuilder();
            for (Scope s : entries.get(i).scopes()) {
                scopes.append(scopes.length() == 0 ? "" : "|").append(s.wireName());
            }
            sb.append(scopes);
        }
        return sb.append(']').toString();
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
