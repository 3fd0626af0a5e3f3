-- Why: the messenger's accounts. The pipeline never creates users (they come from the product's
-- own sign-up flow), so pipeline tables refer to user ids without a foreign key to this table;
-- only the user-centric tables owned by the app (user_sessions, contacts) reference it.
CREATE TABLE users (
    id           uuid        PRIMARY KEY,
    username     text        NOT NULL,
    display_name text        NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_username_key UNIQUE (username),
    CONSTRAINT users_username_not_empty CHECK (char_length(username) > 0)
);

CREATE TRIGGER users_set_updated_at
    BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION courier_set_updated_at();
