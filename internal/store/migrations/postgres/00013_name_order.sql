-- +goose Up
-- Names are listed in French order (model/collation.go): a sort key computed in Go and
-- compared byte by byte (COLLATE "C"), the same on both stores, replaces the name in
-- the name orders and their indexes. The keys of existing rows are filled at start
-- (model.FillNameKeys).
ALTER TABLE territories ADD COLUMN name_key TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN name_key TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN name_key TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE programmes ADD COLUMN name_key TEXT COLLATE "C" NOT NULL DEFAULT '';

DROP INDEX territories_parent_id_idx;
DROP INDEX territories_name_idx;
DROP INDEX companies_name_idx;
DROP INDEX sites_territory_id_idx;
DROP INDEX sites_name_idx;
CREATE INDEX territories_parent_id_idx ON territories(parent_id, name_key, id);
CREATE INDEX territories_name_key_idx ON territories(name_key, id);
CREATE INDEX companies_name_key_idx ON companies(name_key, id);
CREATE INDEX sites_territory_id_idx ON sites(territory_id, name_key, id);
CREATE INDEX sites_name_key_idx ON sites(name_key, id);
CREATE INDEX programmes_name_key_idx ON programmes(name_key, id);

-- +goose Down
DROP INDEX programmes_name_key_idx;
DROP INDEX sites_name_key_idx;
DROP INDEX sites_territory_id_idx;
DROP INDEX companies_name_key_idx;
DROP INDEX territories_name_key_idx;
DROP INDEX territories_parent_id_idx;
CREATE INDEX territories_parent_id_idx ON territories(parent_id, name, id);
CREATE INDEX territories_name_idx ON territories(name, id);
CREATE INDEX companies_name_idx ON companies(name, id);
CREATE INDEX sites_territory_id_idx ON sites(territory_id, name, id);
CREATE INDEX sites_name_idx ON sites(name, id);
ALTER TABLE programmes DROP COLUMN name_key;
ALTER TABLE companies DROP COLUMN name_key;
ALTER TABLE sites DROP COLUMN name_key;
ALTER TABLE territories DROP COLUMN name_key;
