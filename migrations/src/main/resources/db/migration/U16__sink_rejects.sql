-- Undo V16.
DROP TABLE sink_rejects;
