-- The message_delivery view must agree with unread_messages: a recipient's messages in a chat that
-- are not 'read' are exactly its unread messages (no unread row = 0). Returns disagreeing pairs.
SELECT p.user_id, p.chat_id, coalesce(u.unread_count, 0) AS unread_count, coalesce(d.not_read, 0) AS not_read_in_view
  FROM chat_participants p
  LEFT JOIN unread_messages u ON u.user_id = p.user_id AND u.chat_id = p.chat_id
  LEFT JOIN (SELECT recipient_id, chat_id, count(*) FILTER (WHERE status <> 'read') AS not_read
               FROM message_delivery
              GROUP BY recipient_id, chat_id) d
         ON d.recipient_id = p.user_id AND d.chat_id = p.chat_id
 WHERE coalesce(d.not_read, 0) <> coalesce(u.unread_count, 0)
