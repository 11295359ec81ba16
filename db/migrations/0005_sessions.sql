-- Staff sessions (the login cookie), kept so that a restart of desk serve
-- logs no desk out. Only the SHA-256 of the cookie's token is stored: a
-- copy of the database lets nobody in. The table is not called "sessions",
-- which PRODUCT.md keeps for an event's workshops.
CREATE TABLE staff_sessions (
    token_sha256 BLOB PRIMARY KEY CHECK (length(token_sha256) = 32),
    role         TEXT NOT NULL CHECK (role IN ('admin', 'desk')),
    desk         TEXT NOT NULL CHECK (desk <> '' AND length(desk) <= 40),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL CHECK (expires_at > created_at)
) WITHOUT ROWID;

CREATE INDEX staff_sessions_expires ON staff_sessions (expires_at);
