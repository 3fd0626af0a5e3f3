-- Undo V18. Fails with a unique violation while one sender has reused a client message id in two
-- chats: those rows cannot satisfy the V7 key.
ALTER TABLE messages
    DROP CONSTRAINT messages_chat_sender_client_message_key,
    ADD CONSTRAINT messages_sender_client_message_key UNIQUE (sender_id, client_message_id);
