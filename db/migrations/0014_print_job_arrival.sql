-- The arrival whose badge a job prints (NULL for a badge printed on a
-- desk's button): undoing that arrival, made by mistake, ends the job
-- while it still waits for the printer.
ALTER TABLE print_jobs ADD COLUMN check_in_id INTEGER REFERENCES check_ins (id);
