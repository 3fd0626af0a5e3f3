-- Undo V15. Claims that stored no offset yet carry nothing to keep.
DELETE FROM sink_offsets WHERE next_offset IS NULL;
ALTER TABLE sink_offsets ALTER COLUMN next_offset SET NOT NULL;
ALTER TABLE sink_offsets DROP COLUMN owner_epoch;
