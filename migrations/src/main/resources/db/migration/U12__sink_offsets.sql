-- Undo V12.
DROP TABLE sink_offsets;
