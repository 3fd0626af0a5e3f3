-- Why: message history, written by the sink from MessageSent in courier.chat-log.
--
-- id is the UUIDv5 of (sender_id, client_message_id) derived by ingest/worker, so the primary
-- key and messages_sender_client_message_key both catch a replayed message (invariants 2, 3).
-- seq is dense per chat (invariant 1); messages_chat_id_seq_key also serves the history query,
-- a keyset page `WHERE chat_id = ? AND seq < ? ORDER BY seq DESC LIMIT n` (backward index scan).
--
-- FK chat_id -> chats: ChatCreated precedes every MessageSent of the chat in the same chat-log
-- partition and the sink writes a chat's events in seq order. DEFERRABLE for the same reason as
-- chat_participants (statement order inside a sink transaction does not matter).
-- No FK sender_id -> users (the pipeline does not create users), and none to chat_participants:
-- membership at send time is the worker's check, and a participant row is rewritten on re-join.
CREATE TABLE messages (
    id                uuid        PRIMARY KEY,
    chat_id           uuid        NOT NULL REFERENCES chats (id) DEFERRABLE INITIALLY DEFERRED,
    seq               bigint      NOT NULL,
    sender_id         uuid        NOT NULL,
    client_message_id text        NOT NULL,
    content           text        NOT NULL,
    sent_at           timestamptz NOT NULL,
    accepted_at       timestamptz NOT NULL,
    persisted_at      timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT messages_chat_id_seq_key UNIQUE (chat_id, seq),
    CONSTRAINT messages_sender_client_message_key UNIQUE (sender_id, client_message_id),
    CONSTRAINT messages_seq_check CHECK (seq > 0),
    CONSTRAINT messages_content_not_empty CHECK (char_length(content) > 0),
    CONSTRAINT messages_client_message_id_not_empty CHECK (char_length(client_message_id) > 0)
);

-- Full-text search within a chat. Text search config 'simple' (lower-case, no stemming, no stop
-- words) because chat content is multilingual and informal: a language config such as 'english'
-- would stem or drop words of every other language (and English stop words like "who"). The
-- two-argument to_tsvector is IMMUTABLE, which an expression index requires; the search query
-- must use the identical expression to use the index:
--   WHERE chat_id = ? AND to_tsvector('simple', content) @@ plainto_tsquery('simple', ?)
-- (the planner can AND this with messages_chat_id_seq_key in a bitmap scan).
CREATE INDEX messages_content_fts_idx ON messages USING gin (to_tsvector('simple', content));

CREATE TRIGGER messages_set_updated_at
    BEFORE UPDATE ON messages
    FOR EACH ROW EXECUTE FUNCTION courier_set_updated_at();
