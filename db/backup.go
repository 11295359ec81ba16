package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/desk-event/desk/checkin"
)

// PartialSuffix ends the name of a backup being written. A backup gets
// its real name only once it is complete, checked and on the disk, so
// that a file named like a backup is always one that can be restored; a
// process killed midway leaves only a NAME.partial, which
// RemovePartialBackups clears.
const PartialSuffix = ".partial"

// Backup writes a consistent copy of the database to path while the
// service may be writing (VACUUM INTO), under path+PartialSuffix first.
// It checks the copy (it opens, passes SQLite's integrity check, has the
// tables, schema version and at least the rows the database had when the
// copy began), flushes it to the disk, and only then renames it to path
// and flushes the folder. It never overwrites an existing file; on a
// failure (a full disk: checkin.ErrDiskFull) it leaves nothing behind.
func (d *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("backup: %s exists already; choose a new file name", path)
	}
	partial := path + PartialSuffix
	removePartial(partial)
	want, err := factsOf(ctx, d.sql)
	if err != nil {
		return fmt.Errorf("backup: reading the database: %w", err)
	}
	f, err := os.OpenFile(partial, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) // VACUUM INTO fills an empty file, keeping its mode
	if err != nil {
		return fmt.Errorf("backup to %s: %w", path, fileError(err))
	}
	f.Close()
	if err := d.writeBackup(ctx, partial, want); err != nil {
		removePartial(partial)
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := os.Rename(partial, path); err != nil {
		removePartial(partial)
		return fmt.Errorf("backup to %s: %w", path, fileError(err))
	}
	if err := syncFolder(filepath.Dir(path)); err != nil {
		return fmt.Errorf("backup %s: %w", path, fileError(err))
	}
	return nil
}

// writeBackup copies the database into partial, checks the copy against
// want and flushes it to the disk.
func (d *DB) writeBackup(ctx context.Context, partial string, want backupFacts) error {
	if _, err := d.sql.ExecContext(ctx, `VACUUM INTO ?`, partial); err != nil {
		return classify(err)
	}
	got, err := checkBackup(ctx, partial)
	switch {
	case err != nil:
		return fmt.Errorf("the copy: %w", err)
	case !slices.Equal(got.tables, want.tables) || got.schema != want.schema:
		return fmt.Errorf("the copy has tables %v at schema %d, not %v at %d", got.tables, got.schema, want.tables, want.schema)
	case got.rows < want.rows:
		return fmt.Errorf("the copy holds %d rows of the %d in the database", got.rows, want.rows)
	}
	f, err := os.OpenFile(partial, os.O_RDWR, 0)
	if err != nil {
		return fileError(err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fileError(err)
	}
	return fileError(f.Close())
}

// CheckBackup opens a backup without changing it and checks it as Backup
// does: it passes SQLite's integrity check and has desk's tables at the
// newest schema this desk knows. It returns how many registrants and
// check-ins it holds.
func CheckBackup(ctx context.Context, path string) (rows int, err error) {
	f, err := checkBackup(ctx, path)
	if err != nil {
		return 0, fmt.Errorf("backup %s: %w", path, err)
	}
	all, err := migrations()
	if err != nil {
		return 0, err
	}
	if latest := all[len(all)-1].version; f.schema != latest {
		return 0, fmt.Errorf("backup %s: schema %d, not %d", path, f.schema, latest)
	}
	return f.rows, nil
}

func checkBackup(ctx context.Context, path string) (backupFacts, error) {
	if _, err := os.Stat(path); err != nil {
		return backupFacts{}, err
	}
	copyDB, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro")
	if err != nil {
		return backupFacts{}, err
	}
	defer copyDB.Close()
	var check string
	if err := copyDB.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		return backupFacts{}, fmt.Errorf("it does not pass the integrity check (%s, %v)", check, classify(err))
	}
	f, err := factsOf(ctx, copyDB)
	if err != nil {
		return f, err
	}
	return f, copyDB.Close()
}

// backupFacts are what a backup must have of the database: its tables,
// schema version, and registrants and check-ins (which only grow while
// the service runs).
type backupFacts struct {
	tables []string
	schema int
	rows   int
}

func factsOf(ctx context.Context, conn *sql.DB) (backupFacts, error) {
	var f backupFacts
	rows, err := conn.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		return f, classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return f, err
		}
		f.tables = append(f.tables, name)
	}
	if err := rows.Err(); err != nil {
		return f, classify(err)
	}
	const q = `SELECT (SELECT coalesce(max(version), 0) FROM schema_migrations),
       (SELECT count(*) FROM registrants) + (SELECT count(*) FROM check_ins)`
	if err := conn.QueryRowContext(ctx, q).Scan(&f.schema, &f.rows); err != nil {
		return f, classify(err)
	}
	return f, nil
}

// RemovePartialBackups deletes from folder the backups that were never
// finished (a process killed while writing one) and returns their names.
// A folder that does not exist has none.
func RemovePartialBackups(folder string) ([]string, error) {
	entries, err := os.ReadDir(folder)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("backup folder: %w", err)
	}
	var removed []string
	for _, e := range entries {
		if name := e.Name(); !e.IsDir() && (strings.HasSuffix(name, PartialSuffix) || strings.Contains(name, PartialSuffix+"-")) {
			if err := os.Remove(filepath.Join(folder, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return removed, fmt.Errorf("removing an unfinished backup: %w", err)
			}
			removed = append(removed, name)
		}
	}
	return removed, nil
}

// removePartial deletes an unfinished backup and the files SQLite may
// have kept beside it.
func removePartial(partial string) {
	for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
		os.Remove(partial + suffix)
	}
}

// syncFolder flushes a folder's entries (a rename) to the disk. File
// systems that cannot (EINVAL) are left as they are.
func syncFolder(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return err
	}
	return nil
}

// fileError says what a failed file operation means for the person: a
// full disk, a folder that cannot be written, or the error as it is.
func fileError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return fmt.Errorf("%w (%v): free some space", checkin.ErrDiskFull, err)
	case errors.Is(err, syscall.EROFS), errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("the folder cannot be written (%v): check the permissions and the disk", err)
	}
	return err
}
