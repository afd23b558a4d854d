-- +goose Up
-- Search finds topics as well as entities: the figures (their metric, category, quote,
-- note and subject), the metrics and the breakdowns get their folded search text
-- (model/searchtext.go writes it), with trigram indexes as the other searched tables.
-- The synthetic figures of the national-scale benchmarks have none: their index is
-- nearly empty.
ALTER TABLE observations ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE metrics ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE breakdowns ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE INDEX observations_search_trgm_idx ON observations USING gin (search_text gin_trgm_ops);
CREATE INDEX metrics_search_trgm_idx ON metrics USING gin (search_text gin_trgm_ops);
CREATE INDEX breakdowns_search_trgm_idx ON breakdowns USING gin (search_text gin_trgm_ops);

-- +goose Down
DROP INDEX breakdowns_search_trgm_idx;
DROP INDEX metrics_search_trgm_idx;
DROP INDEX observations_search_trgm_idx;
ALTER TABLE breakdowns DROP COLUMN search_text;
ALTER TABLE metrics DROP COLUMN search_text;
ALTER TABLE observations DROP COLUMN search_text;
