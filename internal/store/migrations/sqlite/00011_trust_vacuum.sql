-- +goose Up
-- PostgreSQL vacuums and analyzes subsidies after the rewrite of 00010 here (index-only
-- scans need its visibility map). SQLite has no such map; this migration keeps the two
-- dialects' versions aligned.
SELECT 1;

-- +goose Down
SELECT 1;
