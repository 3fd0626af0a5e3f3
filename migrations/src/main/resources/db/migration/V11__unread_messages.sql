-- Why: the current unread count per user and chat (UnreadChanged in courier.unread), so
-- GET /v1/users/{userId}/unread is one primary-key range read (user_id is the leading column).
-- version is the worker's per-chat position at which the count was computed; the sink replaces
-- a row only with a higher version, so an out-of-order or replayed update never goes back:
--   INSERT ... ON CONFLICT (user_id, chat_id) DO UPDATE SET ... WHERE unread_messages.version < EXCLUDED.version
--
-- No foreign keys, deliberately: courier.unread is keyed by user and is consumed independently
-- of chat-log, so a row may arrive before its chat or membership row.
CREATE TABLE unread_messages (
    user_id       uuid        NOT NULL,
    chat_id       uuid        NOT NULL,
    unread_count  bigint      NOT NULL,
    last_read_seq bigint      NOT NULL,
    latest_seq    bigint      NOT NULL,
    version       bigint      NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT unread_messages_pkey PRIMARY KEY (user_id, chat_id),
    CONSTRAINT unread_messages_count_check CHECK (unread_count >= 0),
    CONSTRAINT unread_messages_last_read_seq_check CHECK (last_read_seq >= 0),
    -- Invariant 4: read <= latest seq.
    CONSTRAINT unread_messages_read_le_latest CHECK (last_read_seq <= latest_seq)
);

CREATE TRIGGER unread_messages_set_updated_at
    BEFORE UPDATE ON unread_messages
    FOR EACH ROW EXECUTE FUNCTION courier_set_updated_at();
