-- Calendar files that update: every goal and action counts its changes (an event's SEQUENCE)
-- and keeps when it last changed, and the installation has an id of its own, so that event
-- UIDs are unique across Koers installations and stable within one.
ALTER TABLE goals ADD COLUMN revision INTEGER DEFAULT 0;
ALTER TABLE goals ADD COLUMN updated_at TIMESTAMP;
ALTER TABLE actions ADD COLUMN revision INTEGER DEFAULT 0;
ALTER TABLE actions ADD COLUMN updated_at TIMESTAMP;
UPDATE goals SET updated_at = created_at;
UPDATE actions SET updated_at = created_at;

CREATE TABLE installation (
    id         VARCHAR PRIMARY KEY,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
INSERT INTO installation (id) VALUES (uuid()::VARCHAR);
