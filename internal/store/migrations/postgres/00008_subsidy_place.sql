-- +goose Up
-- "Subsidies within a territory" as index range scans (bench/RESULTS.md, q4). A subsidy
-- is within a territory when its own territory or its recipient's commune is
-- (model.WithinCondition); that OR across two tables forced a scan of every subsidy.
-- Each subsidy now carries the paths of those places, resolved on write:
--
--   place_path, place_admin_path: its own territory, else its recipient's commune:
--     the territory's path, and its admin_path (or path when it has none);
--   recipient_path, recipient_admin_path: the same for the recipient's commune, only
--     when the subsidy also has its own territory and it is another one (else NULL).
--
-- "Within anc" is then a range on place_admin_path below a département or a région,
-- on place_path below anything else, or the same on recipient_*: model.SubsidiesWithin.
-- The columns are kept by triggers, whatever writes (seed, editing, fixtures, psql): a
-- subsidy written or re-pointed, its recipient moved to another commune, a territory's
-- path changed. The synthetic generator's COPY runs without triggers (replica role) and
-- writes the same values itself.

-- The backfill and the index builds take tens of seconds on 500 000 subsidies: longer
-- than the statement timeout the server's connections carry (its request timeout).
SET LOCAL statement_timeout = 0;

ALTER TABLE subsidies
    ADD COLUMN place_path TEXT,
    ADD COLUMN place_admin_path TEXT,
    ADD COLUMN recipient_path TEXT,
    ADD COLUMN recipient_admin_path TEXT;

-- Backfill, set-based and before the triggers exist (through the trigger, row by row, it
-- takes twice as long on 500 000 rows).
UPDATE subsidies s SET place_path = p.path, place_admin_path = COALESCE(p.admin_path, p.path),
    recipient_path = CASE WHEN s.territory_id <> c.territory_id THEN rt.path END,
    recipient_admin_path = CASE WHEN s.territory_id <> c.territory_id THEN COALESCE(rt.admin_path, rt.path) END
FROM subsidies s0
    LEFT JOIN companies c ON c.id = s0.recipient_id
    LEFT JOIN territories rt ON rt.id = c.territory_id
    LEFT JOIN territories p ON p.id = COALESCE(s0.territory_id, c.territory_id)
WHERE s0.id = s.id;

-- +goose StatementBegin
CREATE FUNCTION subsidies_resolve_place() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT t.path, COALESCE(t.admin_path, t.path) INTO NEW.place_path, NEW.place_admin_path
    FROM territories t
    WHERE t.id = COALESCE(NEW.territory_id, (SELECT c.territory_id FROM companies c WHERE c.id = NEW.recipient_id));
    NEW.recipient_path := NULL;
    NEW.recipient_admin_path := NULL;
    IF NEW.territory_id IS NOT NULL AND NEW.recipient_id IS NOT NULL THEN
        SELECT t.path, COALESCE(t.admin_path, t.path) INTO NEW.recipient_path, NEW.recipient_admin_path
        FROM companies c JOIN territories t ON t.id = c.territory_id
        WHERE c.id = NEW.recipient_id AND c.territory_id <> NEW.territory_id;
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

-- The place columns are in the list so that a direct write to them is corrected.
CREATE TRIGGER subsidies_resolve_place BEFORE INSERT OR UPDATE OF territory_id, recipient_id,
    place_path, place_admin_path, recipient_path, recipient_admin_path ON subsidies
    FOR EACH ROW EXECUTE FUNCTION subsidies_resolve_place();

-- A company moved to another commune: its subsidies are resolved again (the UPDATE
-- names recipient_id, which fires the trigger above).
-- +goose StatementBegin
CREATE FUNCTION companies_moved_subsidies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE subsidies SET recipient_id = recipient_id WHERE recipient_id = NEW.id;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER companies_moved_subsidies AFTER UPDATE OF territory_id ON companies
    FOR EACH ROW WHEN (OLD.territory_id IS DISTINCT FROM NEW.territory_id)
    EXECUTE FUNCTION companies_moved_subsidies();

-- A territory's path changed (a geography reload): the subsidies placed there, directly
-- or through their recipient, are resolved again.
-- +goose StatementBegin
CREATE FUNCTION territories_moved_subsidies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE subsidies SET territory_id = territory_id
    WHERE territory_id = NEW.id OR recipient_id IN (SELECT c.id FROM companies c WHERE c.territory_id = NEW.id);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER territories_moved_subsidies AFTER UPDATE OF path, admin_path ON territories
    FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path OR OLD.admin_path IS DISTINCT FROM NEW.admin_path)
    EXECUTE FUNCTION territories_moved_subsidies();

-- Covering indexes: a région's aggregate by programme and year (or status, or with a
-- period, amount or status filter) reads only the index. The recipient_* columns are
-- NULL on nearly every row: partial indexes.
CREATE INDEX subsidies_place_admin_path_idx ON subsidies (place_admin_path)
    INCLUDE (programme_id, period_start, period_end, amount_eur, status);
CREATE INDEX subsidies_place_path_idx ON subsidies (place_path)
    INCLUDE (programme_id, period_start, period_end, amount_eur, status);
CREATE INDEX subsidies_recipient_admin_path_idx ON subsidies (recipient_admin_path) WHERE recipient_admin_path IS NOT NULL;
CREATE INDEX subsidies_recipient_path_idx ON subsidies (recipient_path) WHERE recipient_path IS NOT NULL;

-- +goose Down
DROP INDEX subsidies_recipient_path_idx;
DROP INDEX subsidies_recipient_admin_path_idx;
DROP INDEX subsidies_place_path_idx;
DROP INDEX subsidies_place_admin_path_idx;
DROP TRIGGER territories_moved_subsidies ON territories;
DROP FUNCTION territories_moved_subsidies();
DROP TRIGGER companies_moved_subsidies ON companies;
DROP FUNCTION companies_moved_subsidies();
DROP TRIGGER subsidies_resolve_place ON subsidies;
DROP FUNCTION subsidies_resolve_place();
ALTER TABLE subsidies
    DROP COLUMN recipient_admin_path,
    DROP COLUMN recipient_path,
    DROP COLUMN place_admin_path,
    DROP COLUMN place_path;
