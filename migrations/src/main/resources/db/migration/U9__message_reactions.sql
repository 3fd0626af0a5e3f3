-- Undo V9.
DROP TABLE message_reactions;
