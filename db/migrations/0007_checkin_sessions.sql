-- Each check-in records which staff session made it: a short hash of the
-- session's token (the first 8 bytes of its SHA-256, in hex: the start of
-- staff_sessions.token_sha256), never the token. A desk may then undo or
-- amend only its own session's check-ins, whatever name another device
-- types at login. The audit trail names the acting session too.
-- Check-ins made before have none: only the organiser may amend them.
ALTER TABLE check_ins ADD COLUMN staff_session TEXT CHECK (length(staff_session) BETWEEN 1 AND 64);
ALTER TABLE audit ADD COLUMN staff_session TEXT CHECK (length(staff_session) BETWEEN 1 AND 64);
