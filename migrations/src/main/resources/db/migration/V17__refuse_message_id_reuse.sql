-- Why: the sink writes messages with INSERT ... ON CONFLICT (id), so replaying a message is a
-- no-op. DO NOTHING also swallowed a different message that happened to carry a stored id (at
-- another chat or seq): no error, no rejection, a gap in that chat's history and unread counts
-- that disagree with it. The conflict clause now calls this function, which lets a replay (same
-- chat and seq) pass and raises a unique violation for anything else, so the sink isolates the
-- record and reports it to courier.rejected with both positions.
CREATE FUNCTION courier_refuse_message_id_reuse(stored_chat uuid, stored_seq bigint, new_chat uuid, new_seq bigint)
    RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE AS
$$
BEGIN
    IF stored_chat IS DISTINCT FROM new_chat OR stored_seq IS DISTINCT FROM new_seq THEN
        RAISE EXCEPTION 'message id already stored at chat % seq %; refused at chat % seq %',
            stored_chat, stored_seq, new_chat, new_seq
            USING ERRCODE = 'unique_violation';
    END IF;
    RETURN false;
END
$$;
