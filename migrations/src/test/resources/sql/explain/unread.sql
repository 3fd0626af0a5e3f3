SELECT chat_id, unread_count, last_read_seq FROM unread_messages WHERE user_id = :user
