SELECT id, seq, sender_id, content, sent_at FROM messages WHERE chat_id = :chat AND seq > :after ORDER BY seq LIMIT 50
