// Package db keeps desk's data in one SQLite file. It is the only package
// that imports database/sql and the SQLite driver, and it implements
// checkin.Store.
package db

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/mattn/go-sqlite3"

	"github.com/desk-event/desk/checkin"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// ErrNewerSchema means the database file was written by a newer desk.
var ErrNewerSchema = errors.New("the database was written by a newer version of desk")

// ErrNotDatabase means the file exists but is not a desk database.
var ErrNotDatabase = errors.New("not a desk database")

// DB is an open desk database.
type DB struct {
	sql  *sql.DB
	path string

	writerMu      sync.RWMutex        // guards checkIns against Close
	checkIns      chan pendingCheckIn // to the check-in writer; nil once closed
	writerStopped chan struct{}
}

// dsnOptions are set on every pooled connection by the driver: WAL so that
// readers never wait for the writer, synchronous=FULL so that a committed
// check-in survives a power cut, foreign keys, a busy timeout instead of
// "database is locked", and BEGIN IMMEDIATE so that a writing transaction
// takes the write lock up front rather than failing on upgrade.
var dsnOptions = url.Values{
	"_journal_mode": {"WAL"},
	"_synchronous":  {"FULL"},
	"_foreign_keys": {"on"},
	"_busy_timeout": {"10000"},
	"_txlock":       {"immediate"},
	"_cache_size":   {"-32000"},
}

// Open opens (creating if needed) the database at path and applies the
// migrations it lacks.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("database path %q: must be a file name without '?' or '#'", path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("database folder %s: %w", dir, err)
		}
	}
	if err := makePrivate(path); err != nil {
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	sqldb, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+dsnOptions.Encode())
	if err != nil {
		return nil, err
	}
	d := &DB{sql: sqldb, path: path}
	if err := d.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	d.checkIns, d.writerStopped = make(chan pendingCheckIn, maxBatch), make(chan struct{})
	go d.writeCheckIns(d.checkIns, d.writerStopped)
	return d, nil
}

// makePrivate makes the database file readable by its owner only, and the
// -wal and -shm files beside it, which hold the same personal data: it
// creates the file 0600 when there is none (SQLite gives -wal and -shm the
// mode of the database file, whatever the umask) and narrows the mode of
// files that exist already. Files on a read-only disk are left as they are.
func makePrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		return f.Close()
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		info, err := os.Stat(p)
		if err != nil || info.Mode().Perm()&0o077 == 0 {
			continue // none yet (SQLite makes it from the database's mode), or private already
		}
		if err := os.Chmod(p, info.Mode().Perm()&0o700); err != nil && !errors.Is(err, syscall.EROFS) {
			return fmt.Errorf("%s is readable by others and cannot be made private: %w", p, err)
		}
	}
	return nil
}

// Close finishes the check-ins under way and closes the database.
func (d *DB) Close() error {
	d.writerMu.Lock()
	if d.checkIns != nil {
		close(d.checkIns)
		d.checkIns = nil
	}
	d.writerMu.Unlock()
	<-d.writerStopped
	return d.sql.Close()
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, name := range entries {
		base := filepath.Base(name)
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with its number", base)
		}
		body, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: base, sql: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// migrate applies, in order and each in its own transaction, the embedded
// migrations that the file has not had yet.
func (d *DB) migrate(ctx context.Context) error {
	const create = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))`
	if _, err := d.sql.ExecContext(ctx, create); err != nil {
		return classify(err)
	}
	var current int
	if err := d.sql.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return classify(err)
	}
	all, err := migrations()
	if err != nil {
		return err
	}
	if latest := all[len(all)-1].version; current > latest {
		return fmt.Errorf("%w (schema %d; this desk knows up to %d): use that newer desk", ErrNewerSchema, current, latest)
	}
	for _, m := range all {
		if m.version <= current {
			continue
		}
		if err := d.apply(ctx, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

func (d *DB) apply(ctx context.Context, m migration) error {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return classify(err)
	}
	defer tx.Rollback()
	var done bool // another process opening the same file may have applied it meanwhile
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?)`, m.version).Scan(&done); err != nil || done {
		return err
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (?, ?)`, m.version, m.name); err != nil {
		return err
	}
	return tx.Commit()
}

// classify turns SQLite's low-level complaints about the file itself into
// errors a person can act on; those about writing wrap checkin.ErrDiskFull,
// checkin.ErrReadOnly or checkin.ErrDiskFailed, which the service answers
// with 503 and what happened.
func classify(err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrNotADB:
		return fmt.Errorf("%w: the file is not an SQLite database", ErrNotDatabase)
	case sqlite3.ErrCorrupt:
		return fmt.Errorf("%w: the file is damaged (%v); restore it from a backup", ErrNotDatabase, err)
	case sqlite3.ErrReadonly, sqlite3.ErrCantOpen, sqlite3.ErrPerm:
		return fmt.Errorf("%w (%v): check the permissions and the disk", checkin.ErrReadOnly, err)
	case sqlite3.ErrFull:
		return fmt.Errorf("%w (%v): free some space", checkin.ErrDiskFull, err)
	case sqlite3.ErrIoErr:
		switch se.SystemErrno {
		case syscall.ENOSPC, syscall.EDQUOT:
			return fmt.Errorf("%w (%v): free some space", checkin.ErrDiskFull, err)
		case syscall.EROFS, syscall.EACCES, syscall.EPERM:
			return fmt.Errorf("%w (%v): check the permissions and the disk", checkin.ErrReadOnly, err)
		}
		return fmt.Errorf("%w (%v): check the disk", checkin.ErrDiskFailed, err)
	}
	return err
}

// OpenRaw opens the file with the same connection settings as Open, for
// the baseline of benchmarks: plain SQL on the same kind of connection.
func OpenRaw(path string) (*sql.DB, error) {
	return sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+dsnOptions.Encode())
}
