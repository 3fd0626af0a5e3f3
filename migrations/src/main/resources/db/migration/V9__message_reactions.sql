-- Why: reactions to a message. One reaction kind per user per message: the primary key is
-- (message_id, user_id), and changing one's reaction updates the row's kind.
-- FK message_id -> messages (a reaction is to a message already in history); no FK user_id ->
-- users, as for every user id written next to pipeline data.
CREATE TABLE message_reactions (
    message_id uuid        NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    user_id    uuid        NOT NULL,
    kind       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT message_reactions_pkey PRIMARY KEY (message_id, user_id),
    CONSTRAINT message_reactions_kind_not_empty CHECK (char_length(kind) > 0)
);
-- "Reactions of a message" is served by the primary key prefix.

CREATE TRIGGER message_reactions_set_updated_at
    BEFORE UPDATE ON message_reactions
    FOR EACH ROW EXECUTE FUNCTION courier_set_updated_at();
