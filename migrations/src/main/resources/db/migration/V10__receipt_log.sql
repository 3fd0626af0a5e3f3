-- Why: each advance of a delivered or read watermark (ReceiptAdvanced in courier.receipts) with
-- its time. chat_participants keeps only the current watermark; this log answers "when was
-- message S delivered to / read by U" = the time of the first advance that covered S, i.e. the
-- row with the smallest up_to_seq >= S (watermarks are monotonic), found by the primary key.
-- The primary key also makes a replayed ReceiptAdvanced a no-op (INSERT ... ON CONFLICT DO NOTHING).
--
-- No foreign keys, deliberately: receipts come from courier.receipts, a different topic than
-- chat-log, so the sink may write a receipt before the chat or membership row it belongs to;
-- and user ids are not users rows (the pipeline does not create users).
CREATE TABLE receipt_log (
    chat_id      uuid        NOT NULL,
    user_id      uuid        NOT NULL,
    kind         text        NOT NULL,
    up_to_seq    bigint      NOT NULL,
    previous_seq bigint      NOT NULL,
    advanced_at  timestamptz NOT NULL,
    CONSTRAINT receipt_log_pkey PRIMARY KEY (chat_id, user_id, kind, up_to_seq),
    CONSTRAINT receipt_log_kind_check CHECK (kind IN ('delivered', 'read')),
    CONSTRAINT receipt_log_previous_seq_check CHECK (previous_seq >= 0),
    -- A logged advance moves forward (invariant 4): a lower or equal watermark is not an advance.
    CONSTRAINT receipt_log_advances CHECK (up_to_seq > previous_seq)
);
