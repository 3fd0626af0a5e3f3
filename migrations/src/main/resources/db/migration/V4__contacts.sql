-- Why: contacts are bidirectional (if A has B, B has A), so a pair is stored once, in canonical
-- order (user_a_id < user_b_id). That makes the relation symmetric by construction, forbids a
-- self-contact and forbids the same pair twice in reverse order, all with one CHECK.
-- "Contacts of U" = rows with user_a_id = U (primary key prefix) union rows with user_b_id = U
-- (contacts_user_b_idx).
CREATE TABLE contacts (
    user_a_id  uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_b_id  uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT contacts_pkey PRIMARY KEY (user_a_id, user_b_id),
    CONSTRAINT contacts_canonical_pair CHECK (user_a_id < user_b_id)
);

CREATE INDEX contacts_user_b_idx ON contacts (user_b_id);
