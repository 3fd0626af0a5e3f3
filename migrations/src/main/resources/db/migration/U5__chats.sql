-- Undo V5.
DROP TABLE chats;
