-- +goose NO TRANSACTION
-- +goose Up
-- After the backfill of 00017 every row of the four tables was rewritten: VACUUM sets
-- their visibility maps again (index-only scans) and ANALYZE their statistics, as 00009
-- does for subsidies.
SET statement_timeout = 0;
VACUUM (ANALYZE) territories;
VACUUM (ANALYZE) sites;
VACUUM (ANALYZE) companies;
VACUUM (ANALYZE) programmes;
RESET statement_timeout;

-- +goose Down
SELECT 1;
