-- DESIGN.md §2 invariant 5, computed in SQL from messages and the watermarks:
--   unread(u, c) = messages in c with seq > read watermark(u, c), sender <> u, seq after u joined
--   (and, for a member who left, sequenced before the leave).
-- Returns every (user, chat) where unread_messages disagrees (count, or a last read seq ahead of the
-- read watermark), including pairs present on only one side. A stored last read seq may lag behind:
-- the worker publishes UnreadChanged when the count changes, so a read watermark that moves without
-- changing it (a sender reading up to their own message) is in chat_participants only, and
-- GET /v1/users/{userId}/unread answers the greater of the two. A participant without a row (no UnreadChanged yet, e.g. left
-- before any message) reads as 0 unread, last read 0, as GET /v1/users/{userId}/unread answers.
-- Empty result = the tables agree.
WITH expected AS (
    SELECT p.user_id, p.chat_id, p.read_seq,
           (SELECT count(*)
              FROM messages m
             WHERE m.chat_id = p.chat_id
               AND m.seq > p.read_seq
               AND m.sender_id <> p.user_id
               AND m.seq > p.joined_seq
               AND (p.left_seq IS NULL OR m.seq <= p.left_seq)) AS unread
      FROM chat_participants p
)
SELECT coalesce(e.user_id, u.user_id) AS user_id,
       coalesce(e.chat_id, u.chat_id) AS chat_id,
       e.unread                       AS expected_unread,
       u.unread_count                 AS stored_unread,
       e.read_seq                     AS read_seq,
       u.last_read_seq                AS stored_last_read_seq
  FROM expected e
  FULL JOIN unread_messages u ON u.user_id = e.user_id AND u.chat_id = e.chat_id
 WHERE e.unread IS DISTINCT FROM coalesce(u.unread_count, CASE WHEN e.user_id IS NOT NULL THEN 0 END)
    OR (u.user_id IS NOT NULL AND (e.read_seq IS NULL OR u.last_read_seq > e.read_seq))
