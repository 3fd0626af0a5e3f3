-- Why: files attached to a message (images, documents). The bytes live in object storage;
-- this row holds where and what.
-- FK message_id -> messages: attachments are registered by the app for a message that is
-- already in history, so the message row exists first.
CREATE TABLE attachments (
    id           uuid        PRIMARY KEY,
    message_id   uuid        NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    storage_key  text        NOT NULL,
    media_type   text        NOT NULL,
    file_name    text        NULL,
    size_bytes   bigint      NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT attachments_storage_key_not_empty CHECK (char_length(storage_key) > 0),
    CONSTRAINT attachments_media_type_not_empty CHECK (char_length(media_type) > 0),
    CONSTRAINT attachments_size_check CHECK (size_bytes >= 0)
);

-- "Attachments of a message" (history pages load them per message).
CREATE INDEX attachments_message_idx ON attachments (message_id);

CREATE TRIGGER attachments_set_updated_at
    BEFORE UPDATE ON attachments
    FOR EACH ROW EXECUTE FUNCTION courier_set_updated_at();
