-- Undo V17.
DROP FUNCTION courier_refuse_message_id_reuse(uuid, bigint, uuid, bigint);
