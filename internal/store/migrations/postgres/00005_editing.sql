-- +goose Up
-- The editing path: bearer tokens for editors (only a hash is stored), an audit trail
-- of every write (who, when, what, before and after), and a version on every editable
-- record so that concurrent edits are detected instead of silently overwritten.
CREATE TABLE api_tokens (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);

CREATE TABLE audit_entries (
    id           BIGSERIAL PRIMARY KEY,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    entity_type  TEXT NOT NULL,
    entity_slug  TEXT NOT NULL,
    reason       TEXT,
    before_json  TEXT,
    after_json   TEXT
);
CREATE INDEX audit_entries_entity_idx ON audit_entries(entity_type, entity_slug, id);

ALTER TABLE companies ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE sites ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE sources ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE observations ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE relationships ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- A retracted claim is kept, flagged, with the reason (nothing is hard-deleted).
ALTER TABLE observations ADD COLUMN retracted_at TEXT;
ALTER TABLE observations ADD COLUMN retraction_reason TEXT;
ALTER TABLE relationships ADD COLUMN retracted_at TEXT;
ALTER TABLE relationships ADD COLUMN retraction_reason TEXT;

-- +goose Down
ALTER TABLE relationships DROP COLUMN retraction_reason;
ALTER TABLE relationships DROP COLUMN retracted_at;
ALTER TABLE observations DROP COLUMN retraction_reason;
ALTER TABLE observations DROP COLUMN retracted_at;
ALTER TABLE relationships DROP COLUMN version;
ALTER TABLE observations DROP COLUMN version;
ALTER TABLE sources DROP COLUMN version;
ALTER TABLE sites DROP COLUMN version;
ALTER TABLE companies DROP COLUMN version;
DROP TABLE audit_entries;
DROP TABLE api_tokens;
