-- Badges printed at the desks through CUPS: desk's own queue, so that a
-- printer that refuses jobs or is switched off loses no badge, and the
-- desk page shows each job's state.
CREATE TABLE print_jobs (
    id             INTEGER PRIMARY KEY,
    registrant_id  INTEGER NOT NULL REFERENCES registrants (id),
    desk           TEXT NOT NULL,
    printer        TEXT NOT NULL CHECK (length(printer) BETWEEN 1 AND 127),
    state          TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'printing', 'done', 'failed')),
    reason         TEXT NOT NULL DEFAULT '',
    cups_job       TEXT NOT NULL DEFAULT '',
    reprint_reason TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    attempts       INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0)
);
CREATE INDEX print_jobs_open ON print_jobs (state) WHERE state IN ('queued', 'printing');
CREATE INDEX print_jobs_desk ON print_jobs (desk, id);
CREATE INDEX print_jobs_registrant ON print_jobs (registrant_id, id);
