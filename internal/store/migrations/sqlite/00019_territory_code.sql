-- +goose Up
-- A territory named by its official code (an INSEE code, in any identifier argument or
-- the filter `code`) was looked up through the unique index on (kind, code) without its
-- kind: a scan of the whole index (2 ms a lookup at national scale, on every request
-- that names a territory by slug, since the lookup tries the slug or the code). An
-- index on the code alone makes it one index probe.
CREATE INDEX territories_code_idx ON territories (code);

-- +goose Down
DROP INDEX territories_code_idx;
