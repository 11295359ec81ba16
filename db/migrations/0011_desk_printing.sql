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
