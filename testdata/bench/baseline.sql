-- The sqlite3 shell's import of the same export, for import.sh: the
-- registrants table with the columns, UNIQUE constraints and e-mail index
-- of db/migrations, the same file settings as desk (WAL, synchronous=FULL,
-- foreign keys), the CSV read by .import into a staging table and copied
-- with a new badge code per person and one registrant_days row per "Oui",
-- all in one transaction.
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA foreign_keys = on;
CREATE TABLE event_days (day TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE registrants (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    response_id  TEXT UNIQUE,
    email        TEXT NOT NULL DEFAULT '',
    first_name   TEXT NOT NULL,
    last_name    TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    category     TEXT NOT NULL DEFAULT '',
    cancelled    INTEGER NOT NULL DEFAULT 0,
    walk_in      INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    printed_at   TEXT,
    print_count  INTEGER NOT NULL DEFAULT 0,
    walk_in_nonce TEXT
);
CREATE INDEX registrants_email ON registrants (email) WHERE email <> '';
CREATE UNIQUE INDEX registrants_walk_in_nonce ON registrants (walk_in_nonce) WHERE walk_in_nonce IS NOT NULL;
CREATE TABLE registrant_days (
    registrant_id INTEGER NOT NULL REFERENCES registrants (id) ON DELETE CASCADE,
    day           TEXT NOT NULL REFERENCES event_days (day),
    PRIMARY KEY (registrant_id, day)
) WITHOUT ROWID;
INSERT INTO event_days VALUES ('2026-10-14'), ('2026-10-15');
BEGIN;
.mode csv
.import --schema temp registrations.csv staging
INSERT INTO registrants (code, email, first_name, last_name, organisation, category, created_at, updated_at)
SELECT upper(hex(randomblob(10))), lower("Adresse e-mail"), "Prénom", "Nom", "Organisme", "Catégorie",
       strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ')
FROM temp.staging;
INSERT INTO registrant_days (registrant_id, day)
SELECT r.id, '2026-10-14' FROM temp.staging s JOIN registrants r ON r.email = lower(s."Adresse e-mail") WHERE s."Jour 1 (mercredi)" = 'Oui'
UNION ALL
SELECT r.id, '2026-10-15' FROM temp.staging s JOIN registrants r ON r.email = lower(s."Adresse e-mail") WHERE s."Jour 2 (jeudi)" = 'Oui';
COMMIT;
