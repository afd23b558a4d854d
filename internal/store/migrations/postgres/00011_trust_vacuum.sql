-- +goose NO TRANSACTION
-- +goose Up
-- 00010 rewrote every row of subsidies (funder kind and scope) and rebuilt the covering
-- indexes: VACUUM sets the visibility map again (index-only scans need it) and ANALYZE
-- gives the planner statistics on the new columns, as 00009 did for 00008.
SET statement_timeout = 0;
VACUUM (ANALYZE) subsidies;
RESET statement_timeout;

-- +goose Down
SELECT 1;
