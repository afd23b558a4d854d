-- +goose Up
-- Search ranks documented records (cited figures and events about them) above bare
-- ones (model.Search). Counting them per candidate, at search time, was two thirds of
-- the search's time at national scale (an index descent into 5 million figures per
-- candidate). Each record that can be a subject now carries the count, `documented`:
-- its figures (observations) plus the events about it (event_subjects), kept by
-- triggers whatever writes (seed, editing, bulk imports, psql). The synthetic
-- generator's COPY runs without triggers (replica role): it recounts after loading
-- (model.RecountDocumented). model.StaleDocumented checks it.

-- The backfill rewrites every row of these tables: longer than the statement timeout
-- the server's connections carry on a national-scale database.
SET LOCAL statement_timeout = 0;

ALTER TABLE territories ADD COLUMN documented BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sites ADD COLUMN documented BIGINT NOT NULL DEFAULT 0;
ALTER TABLE companies ADD COLUMN documented BIGINT NOT NULL DEFAULT 0;
ALTER TABLE programmes ADD COLUMN documented BIGINT NOT NULL DEFAULT 0;

-- Backfill, set-based and before the triggers exist.
UPDATE territories t SET documented = c.n FROM (SELECT subject_id, COUNT(*) AS n FROM
    (SELECT subject_id FROM observations WHERE subject_type = 'TERRITORY'
     UNION ALL SELECT subject_id FROM event_subjects WHERE subject_type = 'TERRITORY') AS s GROUP BY subject_id) AS c
    WHERE c.subject_id = t.id;
UPDATE sites t SET documented = c.n FROM (SELECT subject_id, COUNT(*) AS n FROM
    (SELECT subject_id FROM observations WHERE subject_type = 'SITE'
     UNION ALL SELECT subject_id FROM event_subjects WHERE subject_type = 'SITE') AS s GROUP BY subject_id) AS c
    WHERE c.subject_id = t.id;
UPDATE companies t SET documented = c.n FROM (SELECT subject_id, COUNT(*) AS n FROM
    (SELECT subject_id FROM observations WHERE subject_type = 'COMPANY'
     UNION ALL SELECT subject_id FROM event_subjects WHERE subject_type = 'COMPANY') AS s GROUP BY subject_id) AS c
    WHERE c.subject_id = t.id;
UPDATE programmes t SET documented = c.n FROM (SELECT subject_id, COUNT(*) AS n FROM
    (SELECT subject_id FROM observations WHERE subject_type = 'PROGRAMME'
     UNION ALL SELECT subject_id FROM event_subjects WHERE subject_type = 'PROGRAMME') AS s GROUP BY subject_id) AS c
    WHERE c.subject_id = t.id;

-- documented_add adds delta to the count of one subject.
-- +goose StatementBegin
CREATE FUNCTION documented_add(p_type TEXT, p_id BIGINT, p_delta BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    CASE p_type
    WHEN 'TERRITORY' THEN UPDATE territories SET documented = documented + p_delta WHERE id = p_id;
    WHEN 'SITE' THEN UPDATE sites SET documented = documented + p_delta WHERE id = p_id;
    WHEN 'COMPANY' THEN UPDATE companies SET documented = documented + p_delta WHERE id = p_id;
    WHEN 'PROGRAMME' THEN UPDATE programmes SET documented = documented + p_delta WHERE id = p_id;
    ELSE NULL;
    END CASE;
END
$$;
-- +goose StatementEnd

-- A figure or an event's subject written, re-pointed or removed: one row of
-- observations or event_subjects (both name their subject by subject_type, subject_id).
-- +goose StatementBegin
CREATE FUNCTION documented_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM documented_add(OLD.subject_type, OLD.subject_id, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM documented_add(NEW.subject_type, NEW.subject_id, 1);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER observations_documented AFTER INSERT OR DELETE OR UPDATE OF subject_type, subject_id
    ON observations FOR EACH ROW EXECUTE FUNCTION documented_count();
CREATE TRIGGER event_subjects_documented AFTER INSERT OR DELETE OR UPDATE OF subject_type, subject_id
    ON event_subjects FOR EACH ROW EXECUTE FUNCTION documented_count();

-- +goose Down
DROP TRIGGER event_subjects_documented ON event_subjects;
DROP TRIGGER observations_documented ON observations;
DROP FUNCTION documented_count();
DROP FUNCTION documented_add(TEXT, BIGINT, BIGINT);
ALTER TABLE programmes DROP COLUMN documented;
ALTER TABLE companies DROP COLUMN documented;
ALTER TABLE sites DROP COLUMN documented;
ALTER TABLE territories DROP COLUMN documented;
