SELECT chat_id FROM chat_participants WHERE user_id = :user
