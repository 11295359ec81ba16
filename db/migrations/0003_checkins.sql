-- Arrivals, one per person and event day, and the audit trail of changes.
CREATE TABLE check_ins (
    id                   INTEGER PRIMARY KEY,
    registrant_id        INTEGER NOT NULL REFERENCES registrants (id),
    day                  TEXT NOT NULL REFERENCES event_days (day),
    at                   TEXT NOT NULL,
    desk                 TEXT NOT NULL,
    nonce                TEXT NOT NULL UNIQUE CHECK (length(nonce) BETWEEN 1 AND 100),
    forced               INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),
    -- The health pass: only whether it was checked, when, by which desk; never the pass.
    health_pass_verified INTEGER CHECK (health_pass_verified IN (0, 1)),
    health_pass_at       TEXT,
    health_pass_desk     TEXT,
    undone_at            TEXT,
    undone_by            TEXT
);

-- Two desks, one badge, one arrival: the database refuses a second live
-- check-in of the same person on the same day. An undone one no longer counts.
CREATE UNIQUE INDEX check_ins_one_per_day ON check_ins (registrant_id, day) WHERE undone_at IS NULL;
CREATE INDEX check_ins_day_at ON check_ins (day, at);

CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    check_in_id INTEGER REFERENCES check_ins (id),
    detail      TEXT NOT NULL DEFAULT ''
);
