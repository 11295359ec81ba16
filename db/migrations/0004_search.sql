-- A counter bumped by every transaction that changes registrants (see
-- bumpRegistrants), so that the service knows when its in-memory search
-- index is stale without rereading everyone. (Triggers would bump it once
-- per row: 100,000 extra updates in a large import.)
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('registrants_version', 0);
