-- Undo V8.
DROP TABLE attachments;
