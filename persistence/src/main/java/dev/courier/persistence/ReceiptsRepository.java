package dev.courier.persistence;

import dev.courier.events.Problem;
import dev.courier.persistence.internal.dialect.ReadStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Delivery status of a message per recipient, from the {@code message_delivery} view. Thread-safe. */
public final class ReceiptsRepository {

    private final DataSource dataSource;

    public ReceiptsRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @return empty if the chat has no such message (a 404); otherwise its recipients ordered by user id
     * @throws InvalidQueryException listing every missing parameter
     * @throws PersistenceException  if the database fails
     */
    public Optional<MessageReceipts> receipts(UUID chatId, UUID messageId) {
        List<Problem> problems = new ArrayList<>();
        Limits.required(chatId, "chatId", problems);
        Limits.required(messageId, "messageId", problems);
        InvalidQueryException.throwIfAny(problems);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(ReadStatements.RECEIPTS)) {
            ps.setObject(1, messageId);
            ps.setObject(2, chatId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long seq = rs.getLong(3);
                UUID sender = Rows.uuid(rs, 4);
                List<MessageReceipts.Recipient> recipients = new ArrayList<>();
                do {
                    UUID recipient = Rows.uuid(rs, 5);
                    if (recipient != null) {
                        recipients.add(new MessageReceipts.Recipient(recipient, rs.getString(6),
                                Rows.instant(rs, 7), Rows.instant(rs, 8)));
                    }
                } while (rs.next());
                return Optional.of(new MessageReceipts(messageId, chatId, seq, sender, recipients));
            }
        } catch (SQLException e) {
            throw new PersistenceException("receipts of message " + messageId, e);
        }
    }
}
