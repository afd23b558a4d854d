-- +goose NO TRANSACTION
-- +goose Up
-- After the backfill of 00008 every row of subsidies was rewritten: VACUUM sets the
-- visibility map again, without which the covering indexes of 00008 cannot serve
-- index-only scans (each row would be read from the table until autovacuum passes),
-- and ANALYZE gives the planner statistics on the new columns. Outside a transaction,
-- as VACUUM requires; on an empty table it takes milliseconds. Goose runs a migration's
-- statements on one connection: the statement timeout it carries (the server's request
-- timeout) is lifted for the VACUUM only.
SET statement_timeout = 0;
VACUUM (ANALYZE) subsidies;
RESET statement_timeout;

-- +goose Down
SELECT 1;
