-- Why: search is always within one chat (GET /v1/chats/{chatId}/messages/search). With the
-- content-only GIN index of V7 the planner has to AND it with the (chat_id, seq) index or filter
-- a whole chat's rows; which it picks depends on statistics. One GIN index over
-- (chat_id, to_tsvector('simple', content)) answers both conditions in a single index scan.
-- btree_gin provides the GIN operator class for uuid; it is a "trusted" contrib extension
-- (PostgreSQL 13+): the database owner can create it without superuser, and managed services
-- ship it. A multicolumn GIN index also serves a condition on the tsvector alone, so the V7 index
-- is redundant and goes.
-- The search query is unchanged:
--   WHERE chat_id = ? AND to_tsvector('simple', content) @@ plainto_tsquery('simple', ?)
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE INDEX messages_chat_content_fts_idx ON messages USING gin (chat_id, to_tsvector('simple', content));

DROP INDEX messages_content_fts_idx;
