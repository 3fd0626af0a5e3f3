package dev.courier.persistence;

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

    private final DataSource dataSource;

    public SearchRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Messages matching {@code query}, newest first.
     *
     * @throws PersistenceException if the database fails
     */
    public List<StoredMessage> search(SearchQuery query) {
        UUID chatId = query.chatId();
        String q = query.q();
        int n = (int) query.limit();
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
