-- Undo V14: back to V7's content-only index. Dropping btree_gin fails (and rolls the undo back)
-- if anything else uses it; if it existed before V14 and nothing uses it, it is dropped anyway.
CREATE INDEX messages_content_fts_idx ON messages USING gin (to_tsvector('simple', content));

DROP INDEX messages_chat_content_fts_idx;

DROP EXTENSION btree_gin;
