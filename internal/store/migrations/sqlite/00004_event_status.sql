-- +goose Up
-- An event has a status like a figure: a works start "planned for September" or an
-- opening "targeted for January" is not a fact that happened.
ALTER TABLE events ADD COLUMN status TEXT NOT NULL DEFAULT 'ACTUAL';

-- +goose Down
ALTER TABLE events DROP COLUMN status;
