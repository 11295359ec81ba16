-- The print worker reads, several times a second, the jobs printing and
-- the oldest job queued on each printer: with these, it reads only those
-- rows however long the queue and the history of printed badges.
CREATE INDEX print_jobs_printing ON print_jobs (id) WHERE state = 'printing';
CREATE INDEX print_jobs_queued ON print_jobs (printer, id) WHERE state = 'queued';
