-- Undo V4.
DROP TABLE contacts;
