-- Invariant 1 (dense seq per chat) and invariant 4 (read <= delivered <= latest seq).
SELECT 'seq not dense in chat ' || chat_id AS problem
  FROM messages GROUP BY chat_id HAVING max(seq) <> count(*) OR min(seq) <> 1
UNION ALL
SELECT 'latest_seq wrong for chat ' || c.id
  FROM chats c WHERE c.latest_seq <> (SELECT coalesce(max(seq), 0) FROM messages m WHERE m.chat_id = c.id)
UNION ALL
SELECT 'watermark beyond latest seq: ' || p.chat_id || '/' || p.user_id
  FROM chat_participants p JOIN chats c ON c.id = p.chat_id
 WHERE p.read_seq > p.delivered_seq OR p.delivered_seq > c.latest_seq
