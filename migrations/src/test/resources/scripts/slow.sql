-- Test migration that holds Flyway's lock long enough for a concurrent migrator to arrive.
CREATE TABLE slow_marker (id int PRIMARY KEY);
SELECT pg_sleep(2);
