-- +goose Up
-- Core schema of the observatory. Dates are ISO 8601 text (YYYY-MM-DD, the first day
-- of the period the precision column names), so that both stores sort and compare
-- them the same way. Enumerations are stored as their GraphQL names.

CREATE TABLE sources (
    id                 BIGSERIAL PRIMARY KEY,
    slug               TEXT NOT NULL UNIQUE,
    title              TEXT NOT NULL,
    publisher          TEXT NOT NULL,
    kind               TEXT NOT NULL,
    published_on       TEXT,
    published_precision TEXT NOT NULL DEFAULT 'DAY',
    language           TEXT NOT NULL DEFAULT 'fr',
    url                TEXT,
    licence            TEXT,
    document           TEXT,
    description        TEXT,
    search_text        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE citations (
    id        BIGSERIAL PRIMARY KEY,
    source_id BIGINT NOT NULL REFERENCES sources(id),
    quote     TEXT NOT NULL,
    locator   TEXT NOT NULL DEFAULT '',
    UNIQUE (source_id, quote, locator)
);
CREATE INDEX citations_source_id_idx ON citations(source_id);

CREATE TABLE territories (
    id                 BIGSERIAL PRIMARY KEY,
    slug               TEXT NOT NULL UNIQUE,
    name               TEXT NOT NULL,
    kind               TEXT NOT NULL,
    code               TEXT,
    parent_id          BIGINT REFERENCES territories(id),
    path               TEXT NOT NULL DEFAULT '',
    population         BIGINT,
    postal_codes       TEXT,
    latitude           DOUBLE PRECISION,
    longitude          DOUBLE PRECISION,
    location_precision TEXT,
    description        TEXT,
    search_text        TEXT NOT NULL DEFAULT '',
    UNIQUE (kind, code)
);
CREATE INDEX territories_parent_id_idx ON territories(parent_id, name, id);
CREATE INDEX territories_name_idx ON territories(name, id);
CREATE INDEX territories_path_idx ON territories(path);

CREATE TABLE territory_memberships (
    id              BIGSERIAL PRIMARY KEY,
    member_id       BIGINT NOT NULL REFERENCES territories(id),
    group_id        BIGINT NOT NULL REFERENCES territories(id),
    role            TEXT,
    since           TEXT,
    since_precision TEXT,
    until           TEXT,
    until_precision TEXT,
    citation_id     BIGINT NOT NULL REFERENCES citations(id),
    UNIQUE (member_id, group_id, since)
);
CREATE INDEX territory_memberships_group_id_idx ON territory_memberships(group_id);

CREATE TABLE companies (
    id           BIGSERIAL PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL DEFAULT 'BUSINESS',
    siren        TEXT UNIQUE,
    activity     TEXT,
    group_name   TEXT,
    description  TEXT,
    territory_id BIGINT REFERENCES territories(id),
    website      TEXT,
    search_text  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX companies_territory_id_idx ON companies(territory_id);
CREATE INDEX companies_name_idx ON companies(name, id);

CREATE TABLE sites (
    id                 BIGSERIAL PRIMARY KEY,
    slug               TEXT NOT NULL UNIQUE,
    name               TEXT NOT NULL,
    territory_id       BIGINT NOT NULL REFERENCES territories(id),
    address            TEXT,
    latitude           DOUBLE PRECISION,
    longitude          DOUBLE PRECISION,
    location_precision TEXT,
    area_m2            DOUBLE PRECISION,
    operator_id        BIGINT REFERENCES companies(id),
    status             TEXT NOT NULL,
    opened_on          TEXT,
    opened_precision   TEXT,
    description        TEXT,
    search_text        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sites_territory_id_idx ON sites(territory_id, name, id);
CREATE INDEX sites_operator_id_idx ON sites(operator_id);
CREATE INDEX sites_name_idx ON sites(name, id);

CREATE TABLE site_status_periods (
    id              BIGSERIAL PRIMARY KEY,
    site_id         BIGINT NOT NULL REFERENCES sites(id),
    status          TEXT NOT NULL,
    since           TEXT NOT NULL,
    since_precision TEXT NOT NULL,
    until           TEXT,
    until_precision TEXT,
    citation_id     BIGINT NOT NULL REFERENCES citations(id),
    UNIQUE (site_id, since, status)
);

CREATE TABLE occupancies (
    id              BIGSERIAL PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    site_id         BIGINT NOT NULL REFERENCES sites(id),
    company_id      BIGINT NOT NULL REFERENCES companies(id),
    since           TEXT,
    since_precision TEXT,
    until           TEXT,
    until_precision TEXT,
    floor_area_m2   DOUBLE PRECISION,
    activity        TEXT,
    citation_id     BIGINT NOT NULL REFERENCES citations(id)
);
CREATE INDEX occupancies_site_id_idx ON occupancies(site_id, since, id);
CREATE INDEX occupancies_company_id_idx ON occupancies(company_id);

CREATE TABLE programmes (
    id           BIGSERIAL PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    short_name   TEXT,
    level        TEXT NOT NULL,
    parent_id    BIGINT REFERENCES programmes(id),
    period_start TEXT,
    period_end   TEXT,
    description  TEXT,
    search_text  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX programmes_parent_id_idx ON programmes(parent_id);

CREATE TABLE subsidies (
    id               BIGSERIAL PRIMARY KEY,
    slug             TEXT NOT NULL UNIQUE,
    programme_id     BIGINT NOT NULL REFERENCES programmes(id),
    recipient_id     BIGINT REFERENCES companies(id),
    territory_id     BIGINT REFERENCES territories(id),
    amount_eur       DOUBLE PRECISION NOT NULL,
    approximation    TEXT NOT NULL DEFAULT 'EXACT',
    recipients_count BIGINT,
    period_start     TEXT,
    period_end       TEXT,
    precision        TEXT NOT NULL DEFAULT 'YEAR',
    status           TEXT NOT NULL DEFAULT 'ACTUAL',
    purpose          TEXT,
    note             TEXT,
    citation_id      BIGINT NOT NULL REFERENCES citations(id)
);
CREATE INDEX subsidies_programme_id_idx ON subsidies(programme_id);
CREATE INDEX subsidies_recipient_id_idx ON subsidies(recipient_id);
CREATE INDEX subsidies_territory_id_idx ON subsidies(territory_id);

CREATE TABLE metrics (
    id         BIGSERIAL PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    label      TEXT NOT NULL,
    unit       TEXT NOT NULL,
    definition TEXT NOT NULL DEFAULT ''
);

CREATE TABLE observations (
    id            BIGSERIAL PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    subject_type  TEXT NOT NULL,
    subject_id    BIGINT NOT NULL,
    metric_id     BIGINT NOT NULL REFERENCES metrics(id),
    value         DOUBLE PRECISION NOT NULL,
    value_max     DOUBLE PRECISION,
    approximation TEXT NOT NULL DEFAULT 'EXACT',
    unit          TEXT NOT NULL,
    date          TEXT NOT NULL,
    precision     TEXT NOT NULL,
    period_start  TEXT,
    status        TEXT NOT NULL,
    rank          TEXT NOT NULL DEFAULT 'NORMAL',
    rank_reason   TEXT,
    claim         TEXT,
    dimension     TEXT,
    category      TEXT,
    note          TEXT,
    citation_id   BIGINT NOT NULL REFERENCES citations(id)
);
CREATE INDEX observations_subject_idx ON observations(subject_type, subject_id, date, id);
CREATE INDEX observations_metric_idx ON observations(metric_id, date, id);
CREATE INDEX observations_claim_idx ON observations(claim);
CREATE INDEX observations_citation_id_idx ON observations(citation_id);

CREATE TABLE events (
    id          BIGSERIAL PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT,
    date        TEXT NOT NULL,
    precision   TEXT NOT NULL,
    rank        TEXT NOT NULL DEFAULT 'NORMAL',
    rank_reason TEXT,
    claim       TEXT,
    citation_id BIGINT NOT NULL REFERENCES citations(id),
    search_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_date_idx ON events(date, id);
CREATE INDEX events_claim_idx ON events(claim);

CREATE TABLE event_subjects (
    event_id     BIGINT NOT NULL REFERENCES events(id),
    subject_type TEXT NOT NULL,
    subject_id   BIGINT NOT NULL,
    role         TEXT,
    PRIMARY KEY (event_id, subject_type, subject_id)
);
CREATE INDEX event_subjects_subject_idx ON event_subjects(subject_type, subject_id);

CREATE TABLE relationships (
    id              BIGSERIAL PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    from_type       TEXT NOT NULL,
    from_id         BIGINT NOT NULL,
    to_type         TEXT NOT NULL,
    to_id           BIGINT NOT NULL,
    since           TEXT,
    since_precision TEXT,
    until           TEXT,
    until_precision TEXT,
    description     TEXT,
    citation_id     BIGINT NOT NULL REFERENCES citations(id)
);
CREATE INDEX relationships_from_idx ON relationships(from_type, from_id);
CREATE INDEX relationships_to_idx ON relationships(to_type, to_id);

-- +goose Down
DROP TABLE relationships;
DROP TABLE event_subjects;
DROP TABLE events;
DROP TABLE observations;
DROP TABLE metrics;
DROP TABLE subsidies;
DROP TABLE programmes;
DROP TABLE occupancies;
DROP TABLE site_status_periods;
DROP TABLE sites;
DROP TABLE companies;
DROP TABLE territory_memberships;
DROP TABLE territories;
DROP TABLE citations;
DROP TABLE sources;
