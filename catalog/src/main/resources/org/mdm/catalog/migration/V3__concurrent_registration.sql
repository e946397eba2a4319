-- Registrations by several processes at once (mdm register beside mdm serve's push, two
-- mdm register runs): a journal row names the process that holds it and until when, so a
-- start undoes only what a dead process left, never another's registration in flight.
ALTER TABLE reg_journal ADD COLUMN holder VARCHAR(255);
ALTER TABLE reg_journal ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;

-- What was registered: SHA-256 of the original data set (hospital bytes, hashed), so that the
-- same SOP Instance UID with other content is refused instead of reported as registered.
CREATE TABLE reg_source (
    guid   CHAR(36) PRIMARY KEY,
    digest CHAR(64) NOT NULL
);
