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

/** A user's unread counts, as the sink last wrote them from {@code unread}. Thread-safe. */
public final class UnreadRepository {

    private final DataSource dataSource;

    public UnreadRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @return the total and one entry per chat (ordered by chat id); a user with no rows has total 0 and no chats
     * @throws InvalidQueryException if {@code userId} is missing
     * @throws PersistenceException  if the database fails
     */
    public UnreadSummary unread(UUID userId) {
        List<Problem> problems = new ArrayList<>();
        Limits.required(userId, "userId", problems);
        InvalidQueryException.throwIfAny(problems);
        List<UnreadSummary.ChatUnread> chats = new ArrayList<>();
        long total = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ReadStatements.UNREAD)) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UnreadSummary.ChatUnread chat = new UnreadSummary.ChatUnread(Rows.uuid(rs, 1), rs.getLong(2),
                            rs.getLong(3));
                    total += chat.unread();
                    chats.add(chat);
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("unread counts of user " + userId, e);
        }
        return new UnreadSummary(total, chats);
    }
}
