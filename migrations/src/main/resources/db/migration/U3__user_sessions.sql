-- Undo V3.
DROP TABLE user_sessions;
