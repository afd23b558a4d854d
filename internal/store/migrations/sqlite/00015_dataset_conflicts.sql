-- +goose Up
-- The curated records an editor changed that a newer release of the curated dataset
-- would have changed too: the editor's version is kept, and each field where the
-- release differs is listed here (the datasetConflicts query, for admins). A load of
-- the curated dataset replaces the list.
CREATE TABLE dataset_conflicts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    release_version TEXT NOT NULL,
    detected_at     TEXT NOT NULL,
    entity_type     TEXT NOT NULL,
    entity_slug     TEXT NOT NULL,
    field           TEXT NOT NULL,
    curated_json    TEXT NOT NULL,
    kept_json       TEXT NOT NULL
);
CREATE INDEX dataset_conflicts_entity_idx ON dataset_conflicts(entity_type, entity_slug, field);

-- +goose Down
DROP TABLE dataset_conflicts;
