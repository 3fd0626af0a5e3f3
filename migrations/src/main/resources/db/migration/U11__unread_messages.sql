-- Undo V11.
DROP TABLE unread_messages;
