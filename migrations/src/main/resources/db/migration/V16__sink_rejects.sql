-- Why: a record PostgreSQL refuses is reported to courier.rejected. Published before the batch's
-- commit, it was reported again on every retry of a batch whose commit failed (4 copies of one
-- poison record in one run). The refusal is now stored in the batch's own transaction, once per
-- source position (the primary key), and published to courier.rejected after the commit; a row
-- left unpublished by a crash is published when its partition is next positioned, unless
-- courier.rejected already holds a record with its source position. It also keeps what ops need
-- to re-apply the row once the cause is fixed (courier dlq). record_key is the input's key as it
-- was read; publish_key the key of its courier.rejected record (the chat id, whatever the topic).
CREATE TABLE sink_rejects (
    consumer_group   text        NOT NULL,
    source_topic     text        NOT NULL,
    source_partition int         NOT NULL,
    source_offset    bigint      NOT NULL,
    record_key       text        NULL,
    publish_key      text        NULL,
    reason           text        NOT NULL,
    detail           text        NOT NULL,
    raw_value        text        NULL,
    rejected_at      timestamptz NOT NULL,
    published        boolean     NOT NULL DEFAULT false,
    CONSTRAINT sink_rejects_pkey PRIMARY KEY (consumer_group, source_topic, source_partition, source_offset)
);

-- "What is left to publish for these partitions" (positioning) reads only unpublished rows.
CREATE INDEX sink_rejects_unpublished_idx ON sink_rejects (consumer_group, source_topic, source_partition)
    WHERE NOT published;
