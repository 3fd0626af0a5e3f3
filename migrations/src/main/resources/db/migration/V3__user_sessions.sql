-- Why: multi-device support. A user has one session row per device; the row tracks the
-- platform, whether the device is connected now and when it was last seen.
-- (user_id, device_id) is unique: a device reconnecting updates its row instead of adding one.
CREATE TABLE user_sessions (
    id               uuid        PRIMARY KEY,
    -- App-owned table: sessions are created for existing accounts, so the FK holds.
    user_id          uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id        text        NOT NULL,
    platform         text        NOT NULL,
    connection_state text        NOT NULL DEFAULT 'offline',
    last_seen_at     timestamptz NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_sessions_user_device_key UNIQUE (user_id, device_id),
    CONSTRAINT user_sessions_device_id_not_empty CHECK (char_length(device_id) > 0),
    CONSTRAINT user_sessions_platform_check CHECK (platform IN ('ios', 'android', 'web', 'desktop')),
    CONSTRAINT user_sessions_connection_state_check CHECK (connection_state IN ('online', 'away', 'offline'))
);
-- "devices of a user" is served by the unique (user_id, device_id) index.

CREATE TRIGGER user_sessions_set_updated_at
    BEFORE UPDATE ON user_sessions
    FOR EACH ROW EXECUTE FUNCTION courier_set_updated_at();
