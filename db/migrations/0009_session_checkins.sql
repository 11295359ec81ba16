-- Check-ins at the door of a session (a workshop, a talk) live beside the
-- entrance's, in the same table and id space, so that undo works for
-- both. session_id is NULL at the entrance; left_at is set by an exit scan
-- or when the person moves to another session of the same time.
ALTER TABLE check_ins ADD COLUMN session_id TEXT CHECK (session_id <> '');
ALTER TABLE check_ins ADD COLUMN left_at TEXT CHECK (left_at IS NULL OR session_id IS NOT NULL);
-- The day's arrival that a session scan recorded too (the person had not
-- come through the entrance): undoing that scan undoes the arrival.
ALTER TABLE check_ins ADD COLUMN recorded_with INTEGER REFERENCES check_ins (id);

-- One live arrival per person and day, at the entrance only.
DROP INDEX check_ins_one_per_day;
CREATE UNIQUE INDEX check_ins_one_per_day ON check_ins (registrant_id, day) WHERE undone_at IS NULL AND session_id IS NULL;
-- One live presence per person and session; after an exit they may come back.
CREATE UNIQUE INDEX check_ins_one_per_session ON check_ins (registrant_id, session_id)
    WHERE undone_at IS NULL AND left_at IS NULL AND session_id IS NOT NULL;
-- Counting who is in a session, inside the write transaction that admits.
CREATE INDEX check_ins_present ON check_ins (session_id)
    WHERE undone_at IS NULL AND left_at IS NULL AND session_id IS NOT NULL;
