-- +goose Up
-- "Subsidies within a territory" as index range scans: see the PostgreSQL version of this
-- migration for the columns and what they hold. The same values are kept here by
-- triggers (SQLite triggers cannot change the row being written: they update it after).
ALTER TABLE subsidies ADD COLUMN place_path TEXT;
ALTER TABLE subsidies ADD COLUMN place_admin_path TEXT;
ALTER TABLE subsidies ADD COLUMN recipient_path TEXT;
ALTER TABLE subsidies ADD COLUMN recipient_admin_path TEXT;

-- +goose StatementBegin
CREATE TRIGGER subsidies_resolve_place_insert AFTER INSERT ON subsidies
BEGIN
    UPDATE subsidies SET
        place_path = (SELECT t.path FROM territories t
            WHERE t.id = COALESCE(NEW.territory_id, (SELECT c.territory_id FROM companies c WHERE c.id = NEW.recipient_id))),
        place_admin_path = (SELECT COALESCE(t.admin_path, t.path) FROM territories t
            WHERE t.id = COALESCE(NEW.territory_id, (SELECT c.territory_id FROM companies c WHERE c.id = NEW.recipient_id))),
        recipient_path = (SELECT t.path FROM companies c JOIN territories t ON t.id = c.territory_id
            WHERE c.id = NEW.recipient_id AND c.territory_id <> NEW.territory_id),
        recipient_admin_path = (SELECT COALESCE(t.admin_path, t.path) FROM companies c JOIN territories t ON t.id = c.territory_id
            WHERE c.id = NEW.recipient_id AND c.territory_id <> NEW.territory_id)
    WHERE id = NEW.id;
END;
-- +goose StatementEnd

-- The place columns are in the list so that a direct write to them is corrected (the
-- trigger's own UPDATE does not fire it again: recursive triggers are off).
-- +goose StatementBegin
CREATE TRIGGER subsidies_resolve_place_update AFTER UPDATE OF territory_id, recipient_id,
    place_path, place_admin_path, recipient_path, recipient_admin_path ON subsidies
BEGIN
    UPDATE subsidies SET
        place_path = (SELECT t.path FROM territories t
            WHERE t.id = COALESCE(NEW.territory_id, (SELECT c.territory_id FROM companies c WHERE c.id = NEW.recipient_id))),
        place_admin_path = (SELECT COALESCE(t.admin_path, t.path) FROM territories t
            WHERE t.id = COALESCE(NEW.territory_id, (SELECT c.territory_id FROM companies c WHERE c.id = NEW.recipient_id))),
        recipient_path = (SELECT t.path FROM companies c JOIN territories t ON t.id = c.territory_id
            WHERE c.id = NEW.recipient_id AND c.territory_id <> NEW.territory_id),
        recipient_admin_path = (SELECT COALESCE(t.admin_path, t.path) FROM companies c JOIN territories t ON t.id = c.territory_id
            WHERE c.id = NEW.recipient_id AND c.territory_id <> NEW.territory_id)
    WHERE id = NEW.id;
END;
-- +goose StatementEnd

-- A company moved to another commune: its subsidies are resolved again (the UPDATE
-- names recipient_id, which fires the trigger above).
-- +goose StatementBegin
CREATE TRIGGER companies_moved_subsidies AFTER UPDATE OF territory_id ON companies
WHEN OLD.territory_id IS NOT NEW.territory_id
BEGIN
    UPDATE subsidies SET recipient_id = recipient_id WHERE recipient_id = NEW.id;
END;
-- +goose StatementEnd

-- A territory's path changed (a geography reload): the subsidies placed there, directly
-- or through their recipient, are resolved again.
-- +goose StatementBegin
CREATE TRIGGER territories_moved_subsidies AFTER UPDATE OF path, admin_path ON territories
WHEN OLD.path IS NOT NEW.path OR OLD.admin_path IS NOT NEW.admin_path
BEGIN
    UPDATE subsidies SET territory_id = territory_id
    WHERE territory_id = NEW.id OR recipient_id IN (SELECT c.id FROM companies c WHERE c.territory_id = NEW.id);
END;
-- +goose StatementEnd

-- Backfill, through the update trigger.
UPDATE subsidies SET territory_id = territory_id;

CREATE INDEX subsidies_place_admin_path_idx ON subsidies (place_admin_path);
CREATE INDEX subsidies_place_path_idx ON subsidies (place_path);
CREATE INDEX subsidies_recipient_admin_path_idx ON subsidies (recipient_admin_path) WHERE recipient_admin_path IS NOT NULL;
CREATE INDEX subsidies_recipient_path_idx ON subsidies (recipient_path) WHERE recipient_path IS NOT NULL;

-- +goose Down
DROP INDEX subsidies_recipient_path_idx;
DROP INDEX subsidies_recipient_admin_path_idx;
DROP INDEX subsidies_place_path_idx;
DROP INDEX subsidies_place_admin_path_idx;
DROP TRIGGER territories_moved_subsidies;
DROP TRIGGER companies_moved_subsidies;
DROP TRIGGER subsidies_resolve_place_update;
DROP TRIGGER subsidies_resolve_place_insert;
ALTER TABLE subsidies DROP COLUMN recipient_admin_path;
ALTER TABLE subsidies DROP COLUMN recipient_path;
ALTER TABLE subsidies DROP COLUMN place_admin_path;
ALTER TABLE subsidies DROP COLUMN place_path;
