-- +goose Up
-- A commune hangs under its EPCI in `path`, but some EPCI span several départements:
-- `admin_path` runs through the commune's own département (from its INSEE code), so
-- that "everything in the Pas-de-Calais" finds every commune of the Pas-de-Calais.
ALTER TABLE territories ADD COLUMN admin_path TEXT;
CREATE INDEX territories_admin_path_idx ON territories(admin_path);

-- +goose Down
DROP INDEX territories_admin_path_idx;
ALTER TABLE territories DROP COLUMN admin_path;
