-- A counter bumped by every change to registrants, so that the service
-- knows when its in-memory search index is stale without rereading everyone.
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('registrants_version', 0);
CREATE TRIGGER registrants_ins AFTER INSERT ON registrants BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'registrants_version';
END;
CREATE TRIGGER registrants_upd AFTER UPDATE ON registrants BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'registrants_version';
END;
CREATE TRIGGER registrants_del AFTER DELETE ON registrants BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'registrants_version';
END;
