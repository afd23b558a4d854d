-- +goose Up
-- Trustworthy answers: each fact counted once, known when it was published, money by
-- who pays, no uncited number, a public corrections log.

-- A passage can carry its own publication date (a post or an update inside a page): a
-- figure is known from the date of its passage, or else from its source's.
ALTER TABLE citations ADD COLUMN published_on TEXT;
ALTER TABLE citations ADD COLUMN published_precision TEXT;

-- A source whose publisher the observatory inferred (the document does not name it).
ALTER TABLE sources ADD COLUMN publisher_inferred BOOLEAN NOT NULL DEFAULT FALSE;

-- A figure is linked to the event at which it was made public.
ALTER TABLE observations ADD COLUMN event_id BIGINT REFERENCES events(id);
CREATE INDEX observations_event_id_idx ON observations(event_id);
ALTER TABLE subsidies ADD COLUMN event_id BIGINT REFERENCES events(id);

-- A figure without a claim is its own claim group, and so its preferred claim.
UPDATE observations SET rank = 'PREFERRED' WHERE claim IS NULL AND rank = 'NORMAL';
UPDATE events SET rank = 'PREFERRED' WHERE claim IS NULL AND rank = 'NORMAL';

-- Money by who pays (funder kind) and at which level it is counted (scope). Existing
-- rows get the values their programme's level implies; reloading the curated dataset
-- (the seed command) sets the curated ones.
ALTER TABLE programmes ADD COLUMN funder_kind TEXT NOT NULL DEFAULT 'STATE';
ALTER TABLE programmes ADD COLUMN scope TEXT NOT NULL DEFAULT 'NATIONAL_ENVELOPE';
UPDATE programmes SET funder_kind = CASE level
    WHEN 'EUROPEAN' THEN 'EU' WHEN 'REGIONAL' THEN 'REGION' WHEN 'LOCAL' THEN 'LOCAL_AUTHORITY'
    WHEN 'PRIVATE' THEN 'PRIVATE_COMPANY' ELSE 'STATE' END,
  scope = CASE WHEN level IN ('EUROPEAN', 'NATIONAL') THEN 'NATIONAL_ENVELOPE' ELSE 'TERRITORIAL_ALLOCATION' END;
ALTER TABLE subsidies ADD COLUMN funder_kind TEXT NOT NULL DEFAULT 'STATE';
ALTER TABLE subsidies ADD COLUMN scope TEXT NOT NULL DEFAULT 'TERRITORIAL_ALLOCATION';
UPDATE subsidies SET funder_kind = (SELECT p.funder_kind FROM programmes p WHERE p.id = subsidies.programme_id),
  scope = CASE WHEN recipient_id IS NOT NULL THEN 'INDIVIDUAL_GRANT'
    WHEN territory_id IN (SELECT id FROM territories WHERE kind = 'COUNTRY') THEN 'NATIONAL_ENVELOPE'
    ELSE 'TERRITORIAL_ALLOCATION' END;
CREATE INDEX subsidies_scope_funder_idx ON subsidies(scope, funder_kind);

-- Amounts are claims too: several passages stating one amount form a group, of which
-- the aggregates count the preferred one.
ALTER TABLE subsidies ADD COLUMN rank TEXT NOT NULL DEFAULT 'PREFERRED';
ALTER TABLE subsidies ADD COLUMN rank_reason TEXT;
ALTER TABLE subsidies ADD COLUMN claim TEXT;
CREATE INDEX subsidies_claim_idx ON subsidies(claim);

-- The covering indexes of 00008 also cover what a money aggregate now reads: the rank
-- (the preferred claim of each amount is counted), the scope and the funder kind (keys
-- of every group), so that a région's aggregate stays an index-only scan.
DROP INDEX subsidies_place_admin_path_idx;
DROP INDEX subsidies_place_path_idx;
CREATE INDEX subsidies_place_admin_path_idx ON subsidies (place_admin_path)
    INCLUDE (programme_id, period_start, period_end, amount_eur, status, rank, scope, funder_kind);
CREATE INDEX subsidies_place_path_idx ON subsidies (place_path)
    INCLUDE (programme_id, period_start, period_end, amount_eur, status, rank, scope, funder_kind);

-- The passage that gives a site's area.
ALTER TABLE sites ADD COLUMN area_citation_id BIGINT REFERENCES citations(id);

-- An occupancy is announced, active or ended.
ALTER TABLE occupancies ADD COLUMN status TEXT NOT NULL DEFAULT 'ACTIVE';

-- The releases of the curated dataset and the public corrections log.
CREATE TABLE dataset_releases (
    id           BIGSERIAL PRIMARY KEY,
    version      TEXT NOT NULL UNIQUE,
    released_on  TEXT NOT NULL,
    description  TEXT
);

CREATE TABLE corrections (
    id            BIGSERIAL PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    release_version TEXT NOT NULL,
    published_on  TEXT NOT NULL,
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    before_text   TEXT NOT NULL,
    after_text    TEXT NOT NULL,
    reason        TEXT NOT NULL,
    record_list   TEXT NOT NULL DEFAULT '',
    key_list      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX corrections_release_idx ON corrections(release_version, published_on);

-- +goose Down
DROP INDEX subsidies_place_admin_path_idx;
DROP INDEX subsidies_place_path_idx;
CREATE INDEX subsidies_place_admin_path_idx ON subsidies (place_admin_path)
    INCLUDE (programme_id, period_start, period_end, amount_eur, status);
CREATE INDEX subsidies_place_path_idx ON subsidies (place_path)
    INCLUDE (programme_id, period_start, period_end, amount_eur, status);
DROP TABLE corrections;
DROP TABLE dataset_releases;
ALTER TABLE occupancies DROP COLUMN status;
ALTER TABLE sites DROP COLUMN area_citation_id;
DROP INDEX subsidies_claim_idx;
ALTER TABLE subsidies DROP COLUMN claim;
ALTER TABLE subsidies DROP COLUMN rank_reason;
ALTER TABLE subsidies DROP COLUMN rank;
DROP INDEX subsidies_scope_funder_idx;
ALTER TABLE subsidies DROP COLUMN scope;
ALTER TABLE subsidies DROP COLUMN funder_kind;
ALTER TABLE programmes DROP COLUMN scope;
ALTER TABLE programmes DROP COLUMN funder_kind;
ALTER TABLE subsidies DROP COLUMN event_id;
DROP INDEX observations_event_id_idx;
ALTER TABLE observations DROP COLUMN event_id;
ALTER TABLE sources DROP COLUMN publisher_inferred;
ALTER TABLE citations DROP COLUMN published_precision;
ALTER TABLE citations DROP COLUMN published_on;
