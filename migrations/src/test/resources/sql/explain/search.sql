SELECT id, seq, content FROM messages WHERE chat_id = :chat AND to_tsvector('simple', content) @@ websearch_to_tsquery('simple', :query) ORDER BY seq DESC LIMIT 50
