-- Test migration that runs outside a transaction (see its .conf) and fails midway: the first statement is committed
-- and stays, the second fails.
CREATE TABLE broken_outside_partial (id int PRIMARY KEY);
SELECT 1 / 0;
