package dev.courier.persistence;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The database part of a PostgreSQL JDBC URL: which one it names, and the same URL naming another. */
public final class JdbcUrls {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]*/)([^?]+)(\\?.*)?");

    private JdbcUrls() {
    }

    /** The database {@code url} names. */
    public static String database(String url) {
        return parse(url).group(2);
    }

    /** {@code url} with {@code database} in place of its database; host, port and parameters kept. */
    public static String onDatabase(String url, String database) {
        Matcher m = parse(url);
        return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
    }

    private static Matcher parse(String url) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host[:port]/database URL: " + url);
        }
        return m;
    }
}
