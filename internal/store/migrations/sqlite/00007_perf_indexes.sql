-- +goose Up
-- PostgreSQL gets trigram indexes for LIKE '%text%' here (national-scale data). SQLite
-- has no equivalent index; it serves the curated dataset and small scales, where a
-- scan is fast. This migration keeps the two dialects' versions aligned.
SELECT 1;

-- +goose Down
SELECT 1;
