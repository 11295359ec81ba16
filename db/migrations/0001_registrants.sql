-- Event days and registrants: only what the desk needs (PRODUCT.md, "Data").
CREATE TABLE event_days (
    day TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')
) WITHOUT ROWID;

CREATE TABLE registrants (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE CHECK (length(code) = 20 AND code NOT GLOB '*[^BCDEFGHJKLNPRSTUVX]*'),
    response_id  TEXT UNIQUE CHECK (response_id <> ''),
    email        TEXT NOT NULL DEFAULT '' CHECK (email = lower(email)),
    first_name   TEXT NOT NULL,
    last_name    TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    category     TEXT NOT NULL DEFAULT '',
    cancelled    INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
    walk_in      INTEGER NOT NULL DEFAULT 0 CHECK (walk_in IN (0, 1)),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK (first_name <> '' OR last_name <> '')
);

CREATE INDEX registrants_email ON registrants (email) WHERE email <> '';

CREATE TABLE registrant_days (
    registrant_id INTEGER NOT NULL REFERENCES registrants (id) ON DELETE CASCADE,
    day           TEXT NOT NULL REFERENCES event_days (day),
    PRIMARY KEY (registrant_id, day)
) WITHOUT ROWID;
