-- +goose Up
-- The place indexes of migration 00008 covered the columns of a territory's aggregate of
-- public money (programme, period, amount, status); the trust rules added scope, funder
-- kind and rank to every aggregate (00010), and the aggregate read the whole rows again:
-- a région's aggregate fetched its 44 000 rows from the table (q4: 100 ms of SQL at
-- national scale). The indexes now cover every column an aggregate groups, filters or
-- sums on, and the aggregate selects only those (model.AggregateSubsidies).
DROP INDEX subsidies_place_admin_path_idx;
DROP INDEX subsidies_place_path_idx;
CREATE INDEX subsidies_place_admin_path_idx ON subsidies (place_admin_path)
    INCLUDE (programme_id, period_start, period_end, amount_eur, status, scope, funder_kind, rank, territory_id, recipient_id);
CREATE INDEX subsidies_place_path_idx ON subsidies (place_path)
    INCLUDE (programme_id, period_start, period_end, amount_eur, status, scope, funder_kind, rank, territory_id, recipient_id);

-- +goose Down
DROP INDEX subsidies_place_admin_path_idx;
DROP INDEX subsidies_place_path_idx;
CREATE INDEX subsidies_place_admin_path_idx ON subsidies (place_admin_path)
    INCLUDE (programme_id, period_start, period_end, amount_eur, status);
CREATE INDEX subsidies_place_path_idx ON subsidies (place_path)
    INCLUDE (programme_id, period_start, period_end, amount_eur, status);
