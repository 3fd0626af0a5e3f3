-- The fixed version of broken.sql.
CREATE TABLE broken_half_done (id uuid PRIMARY KEY);
