-- The session check-in whose scan ended a presence by moving the person to
-- another session of the same time: undoing that scan (a mistake) gives
-- the person back their place in the session they had not left. NULL for
-- an exit scan, or a presence not ended.
ALTER TABLE check_ins ADD COLUMN left_with INTEGER REFERENCES check_ins (id);
