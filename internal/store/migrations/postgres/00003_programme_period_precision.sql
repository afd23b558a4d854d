-- +goose Up
-- A programme's period bounds get their precision, like every other date: "by 2022"
-- is the year 2022, not 31 December 2022. Bounds are stored as the first day of their
-- period.
ALTER TABLE programmes ADD COLUMN period_start_precision TEXT;
ALTER TABLE programmes ADD COLUMN period_end_precision TEXT;

-- +goose Down
ALTER TABLE programmes DROP COLUMN period_end_precision;
ALTER TABLE programmes DROP COLUMN period_start_precision;
