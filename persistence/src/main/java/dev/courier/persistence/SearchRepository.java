package dev.courier.persistence;

import dev.courier.events.Problem;
import dev.courier.persistence.internal.dialect.ReadStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Full-text search within one chat, with the {@code simple} configuration of the content index (lower-cased words,
 * no stemming). The query is web-search syntax: words are ANDed, {@code "quoted phrase"}, {@code or}, {@code -word}.
 * Thread-safe.
 */
public final class SearchRepository {

    public static final int MAX_QUERY_LENGTH = 256;

    private final DataSource dataSource;

    public SearchRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Matching messages, newest first.
     *
     * @param limit 1..200 (null: 50)
     * @throws InvalidQueryException listing every bad parameter
     * @throws PersistenceException  if the database fails
     */
    public List<StoredMessage> search(UUID chatId, String q, Integer limit) {
        List<Problem> problems = new ArrayList<>();
        Limits.required(chatId, "chatId", problems);
        if (q == null || q.isBlank()) {
            problems.add(new Problem("q", "required, the words to search for"));
        } else if (q.length() > MAX_QUERY_LENGTH) {
            problems.add(new Problem("q", q.length() + " characters, over the limit of " + MAX_QUERY_LENGTH));
        } else if (q.indexOf('\0') >= 0) {
            problems.add(new Problem("q", "must not contain NUL characters"));
        }
        int n = Limits.limit(limit, problems);
        InvalidQueryException.throwIfAny(problems);
        List<StoredMessage> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ReadStatements.SEARCH)) {
            ps.setObject(1, chatId);
            ps.setString(2, q);
            ps.setInt(3, n);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Rows.message(rs));
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("search in chat " + chatId, e);
        }
        return out;
    }
}
