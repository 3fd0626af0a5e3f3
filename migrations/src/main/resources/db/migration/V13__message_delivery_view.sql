-- Why: per message and recipient delivery status without writing N rows per message
-- (DESIGN.md §1: receipts are watermarks). Derived from the watermarks in chat_participants
-- (status) and receipt_log (times).
--
-- Recipients of message m: the chat's participants other than the sender who were members when m
-- was sequenced, i.e. joined_seq < m.seq <= coalesce(left_seq, infinity). joined_seq is the
-- chat's position at the join, so a message sequenced after the join has a greater seq (this is
-- also "seq after u joined" in invariant 5).
--
-- status: 'read' if read_seq >= m.seq, else 'delivered' if delivered_seq >= m.seq, else 'sent'.
-- delivered_at / read_at: the time of the first advance that covered m.seq = the receipt_log row
-- with the smallest up_to_seq >= m.seq (a primary-key range scan). Read implies delivered, so
-- delivered_at is the earlier of the first covering delivered and read advances. NULL when the
-- status does not cover m, or when the log has no covering row.
--
-- The receipts query is `SELECT ... FROM message_delivery WHERE message_id = ?`: messages by
-- primary key, participants by primary-key prefix (chat_id), receipt_log by primary key.
CREATE VIEW message_delivery AS
SELECT m.id      AS message_id,
       m.chat_id,
       m.seq,
       m.sender_id,
       p.user_id AS recipient_id,
       CASE
           WHEN p.read_seq >= m.seq THEN 'read'
           WHEN p.delivered_seq >= m.seq THEN 'delivered'
           ELSE 'sent'
       END       AS status,
       CASE
           WHEN p.delivered_seq >= m.seq THEN LEAST(
               (SELECT r.advanced_at
                  FROM receipt_log r
                 WHERE r.chat_id = m.chat_id AND r.user_id = p.user_id
                   AND r.kind = 'delivered' AND r.up_to_seq >= m.seq
                 ORDER BY r.up_to_seq
                 LIMIT 1),
               (SELECT r.advanced_at
                  FROM receipt_log r
                 WHERE r.chat_id = m.chat_id AND r.user_id = p.user_id
                   AND r.kind = 'read' AND r.up_to_seq >= m.seq
                 ORDER BY r.up_to_seq
                 LIMIT 1))
       END       AS delivered_at,
       CASE
           WHEN p.read_seq >= m.seq THEN
               (SELECT r.advanced_at
                  FROM receipt_log r
                 WHERE r.chat_id = m.chat_id AND r.user_id = p.user_id
                   AND r.kind = 'read' AND r.up_to_seq >= m.seq
                 ORDER BY r.up_to_seq
                 LIMIT 1)
       END       AS read_at
  FROM messages m
  JOIN chat_participants p
    ON p.chat_id = m.chat_id
   AND p.user_id <> m.sender_id
   AND p.joined_seq < m.seq
   AND (p.left_seq IS NULL OR m.seq <= p.left_seq);

COMMENT ON VIEW message_delivery IS
    'Per message and recipient: status sent|delivered|read and delivered_at/read_at, derived from chat_participants watermarks and receipt_log';
