-- Why: chat membership and, per member, the delivered and read watermarks (DESIGN.md §1:
-- receipts are watermarks, never one row per message and recipient).
--
-- joined_seq / left_seq are the chat's position (seq) at the join / leave: the member receives
-- the messages with joined_seq < seq <= left_seq (left_seq NULL: still a member). A re-join
-- overwrites joined_seq and clears left_seq/left_at (one row per chat and user).
-- delivered_at / read_at are the times each watermark last moved; the time a watermark first
-- covered a given message is in receipt_log.
--
-- FK chat_id -> chats: MemberJoined (and ChatCreated's members) follow ChatCreated in the same
-- chat-log partition, and the sink writes a chat's events in seq order, so the chat row always
-- exists. DEFERRABLE INITIALLY DEFERRED: the sink's batch writer may issue its statements table
-- by table within one transaction; only the committed state has to be consistent.
-- No FK user_id -> users: the pipeline does not create users.
CREATE TABLE chat_participants (
    chat_id       uuid        NOT NULL REFERENCES chats (id) DEFERRABLE INITIALLY DEFERRED,
    user_id       uuid        NOT NULL,
    role          text        NOT NULL DEFAULT 'member',
    joined_at     timestamptz NOT NULL,
    left_at       timestamptz NULL,
    joined_seq    bigint      NOT NULL,
    left_seq      bigint      NULL,
    delivered_seq bigint      NOT NULL DEFAULT 0,
    delivered_at  timestamptz NULL,
    read_seq      bigint      NOT NULL DEFAULT 0,
    read_at       timestamptz NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT chat_participants_pkey PRIMARY KEY (chat_id, user_id),
    CONSTRAINT chat_participants_role_check CHECK (role IN ('owner', 'member')),
    CONSTRAINT chat_participants_joined_seq_check CHECK (joined_seq >= 0),
    CONSTRAINT chat_participants_left_seq_check CHECK (left_seq IS NULL OR left_seq >= joined_seq),
    CONSTRAINT chat_participants_left_consistent CHECK ((left_seq IS NULL) = (left_at IS NULL)),
    CONSTRAINT chat_participants_read_seq_check CHECK (read_seq >= 0),
    -- DESIGN.md §2 invariant 4: read <= delivered (read implies delivered).
    CONSTRAINT chat_participants_read_le_delivered CHECK (read_seq <= delivered_seq)
);

-- "Chats of a user" (membership lookups by user); the primary key serves "members of a chat".
CREATE INDEX chat_participants_user_idx ON chat_participants (user_id);

CREATE TRIGGER chat_participants_set_updated_at
    BEFORE UPDATE ON chat_participants
    FOR EACH ROW EXECUTE FUNCTION courier_set_updated_at();
