-- +goose Up
-- Each record that can be a subject carries `documented`, the number of figures and
-- events about it, which search ranks by: see the PostgreSQL version of this migration.
-- The same counts are kept here by triggers.
ALTER TABLE territories ADD COLUMN documented INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sites ADD COLUMN documented INTEGER NOT NULL DEFAULT 0;
ALTER TABLE companies ADD COLUMN documented INTEGER NOT NULL DEFAULT 0;
ALTER TABLE programmes ADD COLUMN documented INTEGER NOT NULL DEFAULT 0;

UPDATE territories SET documented =
    (SELECT COUNT(*) FROM observations AS o WHERE o.subject_type = 'TERRITORY' AND o.subject_id = territories.id)
    + (SELECT COUNT(*) FROM event_subjects AS e WHERE e.subject_type = 'TERRITORY' AND e.subject_id = territories.id);
UPDATE sites SET documented =
    (SELECT COUNT(*) FROM observations AS o WHERE o.subject_type = 'SITE' AND o.subject_id = sites.id)
    + (SELECT COUNT(*) FROM event_subjects AS e WHERE e.subject_type = 'SITE' AND e.subject_id = sites.id);
UPDATE companies SET documented =
    (SELECT COUNT(*) FROM observations AS o WHERE o.subject_type = 'COMPANY' AND o.subject_id = companies.id)
    + (SELECT COUNT(*) FROM event_subjects AS e WHERE e.subject_type = 'COMPANY' AND e.subject_id = companies.id);
UPDATE programmes SET documented =
    (SELECT COUNT(*) FROM observations AS o WHERE o.subject_type = 'PROGRAMME' AND o.subject_id = programmes.id)
    + (SELECT COUNT(*) FROM event_subjects AS e WHERE e.subject_type = 'PROGRAMME' AND e.subject_id = programmes.id);

-- +goose StatementBegin
CREATE TRIGGER observations_documented_insert AFTER INSERT ON observations
BEGIN
    UPDATE territories SET documented = documented + 1 WHERE NEW.subject_type = 'TERRITORY' AND id = NEW.subject_id;
    UPDATE sites SET documented = documented + 1 WHERE NEW.subject_type = 'SITE' AND id = NEW.subject_id;
    UPDATE companies SET documented = documented + 1 WHERE NEW.subject_type = 'COMPANY' AND id = NEW.subject_id;
    UPDATE programmes SET documented = documented + 1 WHERE NEW.subject_type = 'PROGRAMME' AND id = NEW.subject_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER observations_documented_delete AFTER DELETE ON observations
BEGIN
    UPDATE territories SET documented = documented - 1 WHERE OLD.subject_type = 'TERRITORY' AND id = OLD.subject_id;
    UPDATE sites SET documented = documented - 1 WHERE OLD.subject_type = 'SITE' AND id = OLD.subject_id;
    UPDATE companies SET documented = documented - 1 WHERE OLD.subject_type = 'COMPANY' AND id = OLD.subject_id;
    UPDATE programmes SET documented = documented - 1 WHERE OLD.subject_type = 'PROGRAMME' AND id = OLD.subject_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER observations_documented_update AFTER UPDATE OF subject_type, subject_id ON observations
BEGIN
    UPDATE territories SET documented = documented - 1 WHERE OLD.subject_type = 'TERRITORY' AND id = OLD.subject_id;
    UPDATE sites SET documented = documented - 1 WHERE OLD.subject_type = 'SITE' AND id = OLD.subject_id;
    UPDATE companies SET documented = documented - 1 WHERE OLD.subject_type = 'COMPANY' AND id = OLD.subject_id;
    UPDATE programmes SET documented = documented - 1 WHERE OLD.subject_type = 'PROGRAMME' AND id = OLD.subject_id;
    UPDATE territories SET documented = documented + 1 WHERE NEW.subject_type = 'TERRITORY' AND id = NEW.subject_id;
    UPDATE sites SET documented = documented + 1 WHERE NEW.subject_type = 'SITE' AND id = NEW.subject_id;
    UPDATE companies SET documented = documented + 1 WHERE NEW.subject_type = 'COMPANY' AND id = NEW.subject_id;
    UPDATE programmes SET documented = documented + 1 WHERE NEW.subject_type = 'PROGRAMME' AND id = NEW.subject_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER event_subjects_documented_insert AFTER INSERT ON event_subjects
BEGIN
    UPDATE territories SET documented = documented + 1 WHERE NEW.subject_type = 'TERRITORY' AND id = NEW.subject_id;
    UPDATE sites SET documented = documented + 1 WHERE NEW.subject_type = 'SITE' AND id = NEW.subject_id;
    UPDATE companies SET documented = documented + 1 WHERE NEW.subject_type = 'COMPANY' AND id = NEW.subject_id;
    UPDATE programmes SET documented = documented + 1 WHERE NEW.subject_type = 'PROGRAMME' AND id = NEW.subject_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER event_subjects_documented_delete AFTER DELETE ON event_subjects
BEGIN
    UPDATE territories SET documented = documented - 1 WHERE OLD.subject_type = 'TERRITORY' AND id = OLD.subject_id;
    UPDATE sites SET documented = documented - 1 WHERE OLD.subject_type = 'SITE' AND id = OLD.subject_id;
    UPDATE companies SET documented = documented - 1 WHERE OLD.subject_type = 'COMPANY' AND id = OLD.subject_id;
    UPDATE programmes SET documented = documented - 1 WHERE OLD.subject_type = 'PROGRAMME' AND id = OLD.subject_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER event_subjects_documented_update AFTER UPDATE OF subject_type, subject_id ON event_subjects
BEGIN
    UPDATE territories SET documented = documented - 1 WHERE OLD.subject_type = 'TERRITORY' AND id = OLD.subject_id;
    UPDATE sites SET documented = documented - 1 WHERE OLD.subject_type = 'SITE' AND id = OLD.subject_id;
    UPDATE companies SET documented = documented - 1 WHERE OLD.subject_type = 'COMPANY' AND id = OLD.subject_id;
    UPDATE programmes SET documented = documented - 1 WHERE OLD.subject_type = 'PROGRAMME' AND id = OLD.subject_id;
    UPDATE territories SET documented = documented + 1 WHERE NEW.subject_type = 'TERRITORY' AND id = NEW.subject_id;
    UPDATE sites SET documented = documented + 1 WHERE NEW.subject_type = 'SITE' AND id = NEW.subject_id;
    UPDATE companies SET documented = documented + 1 WHERE NEW.subject_type = 'COMPANY' AND id = NEW.subject_id;
    UPDATE programmes SET documented = documented + 1 WHERE NEW.subject_type = 'PROGRAMME' AND id = NEW.subject_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER event_subjects_documented_update;
DROP TRIGGER event_subjects_documented_delete;
DROP TRIGGER event_subjects_documented_insert;
DROP TRIGGER observations_documented_update;
DROP TRIGGER observations_documented_delete;
DROP TRIGGER observations_documented_insert;
ALTER TABLE programmes DROP COLUMN documented;
ALTER TABLE companies DROP COLUMN documented;
ALTER TABLE sites DROP COLUMN documented;
ALTER TABLE territories DROP COLUMN documented;
