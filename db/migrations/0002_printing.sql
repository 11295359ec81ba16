-- Badge printing is tracked so that organisers can print late registrants only.
ALTER TABLE registrants ADD COLUMN printed_at TEXT;
ALTER TABLE registrants ADD COLUMN print_count INTEGER NOT NULL DEFAULT 0 CHECK (print_count >= 0);
