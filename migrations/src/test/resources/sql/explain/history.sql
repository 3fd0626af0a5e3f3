SELECT id, seq, sender_id, content, sent_at FROM messages WHERE chat_id = :chat AND seq < :before ORDER BY seq DESC LIMIT 50
