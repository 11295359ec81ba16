-- The sessions (workshops) each person chose in the registration form, as
-- the export wrote them (cleaned), one row per choice. They are kept as
-- text, not as session ids: sessions live in desk.yaml and may be added or
-- renamed after the import, and a choice then matches them without a new
-- import. An import replaces a person's choices.
CREATE TABLE registrant_choices (
    registrant_id INTEGER NOT NULL REFERENCES registrants (id) ON DELETE CASCADE,
    choice        TEXT NOT NULL CHECK (choice <> ''),
    PRIMARY KEY (registrant_id, choice)
) WITHOUT ROWID;
