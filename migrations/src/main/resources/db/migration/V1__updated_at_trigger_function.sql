-- Why: every mutable table carries updated_at, and writers (the sink, the app) should not have
-- to remember to set it. One function, shared by a BEFORE UPDATE trigger on each such table
-- (each table's own migration creates its trigger).
--
-- now() is the transaction's start time, so every row touched by one sink batch gets the same
-- updated_at. The trigger overrides any value the UPDATE itself sets: updated_at means "when the
-- database last changed this row", not an event time (event times have their own columns).
-- updated_at is therefore not part of the rebuild checksum (DESIGN.md §2, invariant 6).
CREATE FUNCTION courier_set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

COMMENT ON FUNCTION courier_set_updated_at() IS
    'BEFORE UPDATE trigger function: sets updated_at to the transaction time';
