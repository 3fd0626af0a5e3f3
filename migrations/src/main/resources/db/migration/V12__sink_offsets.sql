-- Why: the sink stores the next offset to consume per topic-partition in the same transaction
-- as the rows of that poll, so after a crash it resumes exactly where the database is
-- (no lost, no doubled rows: invariant 2). Kafka's committed offsets are only for lag tools.
CREATE TABLE sink_offsets (
    consumer_group text        NOT NULL,
    topic          text        NOT NULL,
    partition      int         NOT NULL,
    next_offset    bigint      NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sink_offsets_pkey PRIMARY KEY (consumer_group, topic, partition),
    CONSTRAINT sink_offsets_partition_check CHECK (partition >= 0),
    CONSTRAINT sink_offsets_next_offset_check CHECK (next_offset >= 0)
);

CREATE TRIGGER sink_offsets_set_updated_at
    BEFORE UPDATE ON sink_offsets
    FOR EACH ROW EXECUTE FUNCTION courier_set_updated_at();
