-- Undo V2 (the table's trigger goes with it).
DROP TABLE users;
