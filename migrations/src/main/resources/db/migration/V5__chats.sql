-- Why: a conversation, direct (two people) or group (titled). Written by the sink from
-- ChatCreated in courier.chat-log. latest_seq is the chat's last sequenced position, kept by the
-- sink as it writes chat-log events (the history API's "is there anything newer" check).
--
-- No FK from created_by to users: the pipeline does not create users, so a chat may name a user
-- the users table has never seen.
CREATE TABLE chats (
    id         uuid        PRIMARY KEY,
    type       text        NOT NULL,
    title      text        NULL,
    created_by uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    latest_seq bigint      NOT NULL DEFAULT 0,
    CONSTRAINT chats_type_check CHECK (type IN ('direct', 'group')),
    CONSTRAINT chats_latest_seq_check CHECK (latest_seq >= 0)
);

CREATE TRIGGER chats_set_updated_at
    BEFORE UPDATE ON chats
    FOR EACH ROW EXECUTE FUNCTION courier_set_updated_at();
