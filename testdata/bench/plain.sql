-- The plainest sqlite3 shell import, for import.sh: .import of the export
-- straight into a table of its seven columns with a UNIQUE e-mail, in WAL.
PRAGMA journal_mode = WAL;
CREATE TABLE registrants (first_name TEXT, last_name TEXT, email TEXT UNIQUE, organisation TEXT,
    category TEXT, day1 TEXT, day2 TEXT);
.mode csv
.import --skip 1 registrations.csv registrants
