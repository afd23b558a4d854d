-- +goose Up
-- Indexes for national-scale data (bench/RESULTS.md): search and name filters match
-- search_text with LIKE '%text%', which no B-tree can serve; trigram GIN indexes can
-- (1.6 s -> a few ms for a search over 200 000 sites and 150 000 companies).
-- pg_trgm is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX territories_search_trgm_idx ON territories USING gin (search_text gin_trgm_ops);
CREATE INDEX sites_search_trgm_idx ON sites USING gin (search_text gin_trgm_ops);
CREATE INDEX companies_search_trgm_idx ON companies USING gin (search_text gin_trgm_ops);
CREATE INDEX programmes_search_trgm_idx ON programmes USING gin (search_text gin_trgm_ops);
CREATE INDEX sources_search_trgm_idx ON sources USING gin (search_text gin_trgm_ops);
CREATE INDEX events_search_trgm_idx ON events USING gin (search_text gin_trgm_ops);

-- +goose Down
DROP INDEX events_search_trgm_idx;
DROP INDEX sources_search_trgm_idx;
DROP INDEX programmes_search_trgm_idx;
DROP INDEX companies_search_trgm_idx;
DROP INDEX sites_search_trgm_idx;
DROP INDEX territories_search_trgm_idx;
