-- +goose Up
-- A breakdown names published parts (observations along a dimension, or the floor
-- areas of a site's occupancies) and the published totals they can be checked against,
-- so the API can show the sum of the parts next to the totals.
CREATE TABLE breakdowns (
    id                  BIGSERIAL PRIMARY KEY,
    slug                TEXT NOT NULL UNIQUE,
    title               TEXT NOT NULL,
    note                TEXT,
    subject_type        TEXT NOT NULL,
    subject_id          BIGINT NOT NULL,
    parts_kind          TEXT NOT NULL,
    metric_id           BIGINT REFERENCES metrics(id),
    dimension           TEXT,
    date                TEXT,
    base_observation_id BIGINT REFERENCES observations(id)
);
CREATE INDEX breakdowns_subject_idx ON breakdowns(subject_type, subject_id);

CREATE TABLE breakdown_totals (
    breakdown_id   BIGINT NOT NULL REFERENCES breakdowns(id),
    observation_id BIGINT NOT NULL REFERENCES observations(id),
    PRIMARY KEY (breakdown_id, observation_id)
);

-- +goose Down
DROP TABLE breakdown_totals;
DROP TABLE breakdowns;
