-- Undo V6.
DROP TABLE chat_participants;
