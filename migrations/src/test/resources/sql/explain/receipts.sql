SELECT recipient_id, status, delivered_at, read_at FROM message_delivery WHERE message_id = :message
