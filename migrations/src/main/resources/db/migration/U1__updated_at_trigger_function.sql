-- Undo V1. Every trigger using the function is dropped by the undo of its table first
-- (undo runs newest first), so no CASCADE: a leftover dependency must fail loudly.
DROP FUNCTION courier_set_updated_at();
