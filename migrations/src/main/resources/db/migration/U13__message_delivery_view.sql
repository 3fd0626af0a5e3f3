-- Undo V13.
DROP VIEW message_delivery;
