-- +goose Up
-- Search finds topics as well as entities: the figures (their metric, category, quote,
-- note and subject), the metrics and the breakdowns get their folded search text
-- (model/searchtext.go writes it).
ALTER TABLE observations ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE metrics ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE breakdowns ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE breakdowns DROP COLUMN search_text;
ALTER TABLE metrics DROP COLUMN search_text;
ALTER TABLE observations DROP COLUMN search_text;
