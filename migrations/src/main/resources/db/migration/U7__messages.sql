-- Undo V7 (its indexes and trigger go with the table).
DROP TABLE messages;
