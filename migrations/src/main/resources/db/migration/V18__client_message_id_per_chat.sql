-- Why: a client message id is unique per chat, not per sender. Apps number messages per chat
-- ("c-1" in every chat), and the message id is the UUIDv5 of (chat_id, sender_id,
-- client_message_id) since the worker scopes it to the chat. The V7 constraint on
-- (sender_id, client_message_id) refused the second chat's "c-1": a message answered 202 and
-- sequenced, then rejected by the sink. Within one chat the key still catches a reused id.
ALTER TABLE messages
    DROP CONSTRAINT messages_sender_client_message_key,
    ADD CONSTRAINT messages_chat_sender_client_message_key UNIQUE (chat_id, sender_id, client_message_id);
