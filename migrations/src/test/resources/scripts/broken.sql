-- Test migration that fails midway: the first statement succeeds, the second fails.
-- Transactional DDL must roll the first back too.
CREATE TABLE broken_half_done (id uuid PRIMARY KEY);
ALTER TABLE messages ADD COLUMN broken_flag boolean;
SELECT 1 / 0;
