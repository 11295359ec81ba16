-- Each desk's label printer and printing mode, chosen on the desk page (the
-- printer and a fallback) and by the organiser on the dashboard (the mode).
-- An empty printer or mode means desk.yaml's printing.printer or
-- printing.mode. A job keeps the fallback it was queued with: when its
-- printer refuses it, it goes to the other one.
CREATE TABLE desk_printing (
    desk       TEXT PRIMARY KEY CHECK (desk <> '' AND length(desk) <= 40),
    printer    TEXT NOT NULL DEFAULT '' CHECK (length(printer) <= 127),
    fallback   TEXT NOT NULL DEFAULT '' CHECK (length(fallback) <= 127),
    mode       TEXT NOT NULL DEFAULT '' CHECK (mode IN ('', 'on_checkin', 'button', 'off')),
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
) WITHOUT ROWID;

ALTER TABLE print_jobs ADD COLUMN fallback TEXT NOT NULL DEFAULT '' CHECK (length(fallback) <= 127);

-- A desk's jobs are its latest: read from the newest id back, without an
-- index that every badge queued with a check-in would have to update.
DROP INDEX print_jobs_desk;

-- The last check-in whose badge the printing worker has considered: the
-- badges of arrivals at desks printing on arrival are queued from the
-- check-ins themselves, after their answer, so that a check-in never does
-- more work for printing. It starts after the check-ins already made.
CREATE TABLE print_cursor (
    one        INTEGER PRIMARY KEY CHECK (one = 1),
    check_in   INTEGER NOT NULL CHECK (check_in >= 0)
);
INSERT INTO print_cursor (one, check_in) SELECT 1, coalesce(max(id), 0) FROM check_ins;
