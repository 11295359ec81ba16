-- A walk-in registered at the desk carries the nonce of the request that
-- created it, so that a retried request finds the same person instead of
-- registering them twice.
ALTER TABLE registrants ADD COLUMN walk_in_nonce TEXT CHECK (length(walk_in_nonce) BETWEEN 1 AND 100);
CREATE UNIQUE INDEX registrants_walk_in_nonce ON registrants (walk_in_nonce) WHERE walk_in_nonce IS NOT NULL;
