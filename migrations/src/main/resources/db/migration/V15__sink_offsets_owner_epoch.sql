-- Why: a sink instance that froze past its session timeout (GC pause, SIGSTOP, a stalled VM) and
-- then woke up could still commit the batch it was writing, for partitions another instance owned
-- by then: sink_offsets went backwards (rows survived only because every write is idempotent).
-- Each (group, topic, partition) now carries the epoch of its current owner. An instance assigned
-- a partition bumps the epoch in the same statement that reads its start offset; every batch
-- writes its offsets only where the epoch is still its own, and never to a lower offset, in the
-- batch's transaction. A stale owner's transaction finds nothing to update and rolls back.
-- next_offset may now be NULL: a partition claimed before anything of it was written.
ALTER TABLE sink_offsets ADD COLUMN owner_epoch bigint NOT NULL DEFAULT 0;
ALTER TABLE sink_offsets ALTER COLUMN next_offset DROP NOT NULL;
