-- Undo V10.
DROP TABLE receipt_log;
