package dev.courier.persistence;

import dev.courier.persistence.internal.dialect.ReadStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** A chat's history, a keyset page at a time (on {@code (chat_id, seq)}, newest first). Thread-safe. */
public final class HistoryRepository {

    private final DataSource dataSource;

    public HistoryRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The page {@code query} asks for, newest first.
     * <ul>
     *   <li>no {@code before} and no {@code after}: the newest messages;</li>
     *   <li>{@code before}: the newest messages older than it (page backwards with {@link HistoryPage#nextBefore()});</li>
     *   <li>only {@code after}: the messages right after it (catch up; page forward with {@code after} = the
     *       page's highest seq); still returned newest first.</li>
     * </ul>
     *
     * @throws PersistenceException if the database fails
     */
    public HistoryPage page(HistoryQuery query) {
        UUID chatId = query.chatId();
        Long before = query.before();
        Long after = query.after();
        int n = (int) query.limit();
        boolean forward = after != null && before == null;
        long upper = before == null ? Long.MAX_VALUE : before;
        long lower = after == null ? 0 : after;
        List<StoredMessage> rows = new ArrayList<>(n + 1);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(forward ? ReadStatements.HISTORY_AFTER
                     : ReadStatements.HISTORY_NEWEST_FIRST)) {
            ps.setObject(1, chatId);
            ps.setLong(2, forward ? lower : upper);
            ps.setLong(3, forward ? upper : lower);
            ps.setInt(4, n + 1); // one more tells whether an older page exists
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(Rows.message(rs));
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("history of chat " + chatId, e);
        }
        if (forward) {
            List<StoredMessage> page = new ArrayList<>(rows.subList(0, Math.min(n, rows.size())));
            Collections.reverse(page);
            return new HistoryPage(page, null);
        }
        boolean more = rows.size() > n;
        List<StoredMessage> page = more ? rows.subList(0, n) : rows;
        return new HistoryPage(page, more ? page.get(page.size() - 1).seq() : null);
    }
}
