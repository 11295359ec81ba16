package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/desk-event/desk/db"
)

// Files that desk writes hold personal data (names, e-mails, arrivals):
// they are readable by their owner only, whatever the umask and whatever
// was there before.
const (
	privateFile   fs.FileMode = 0o600
	privateFolder fs.FileMode = 0o700
)

// makePrivateFolder creates folder, or takes an existing one, readable by
// its owner only.
func makePrivateFolder(folder string) error {
	if err := os.MkdirAll(folder, privateFolder); err != nil {
		return err
	}
	return os.Chmod(folder, privateFolder)
}

// prepareBackups makes backup.folder private (creating it when create is
// set) and removes the backups a killed process left unfinished, saying
// so: a file named like a backup is always a complete one.
func (a *app) prepareBackups(folder string, create bool) error {
	if _, err := os.Stat(folder); create || err == nil {
		if err := makePrivateFolder(folder); err != nil {
			return fmt.Errorf("backup folder %s: %w", folder, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup folder %s: %w", folder, err)
	}
	removed, err := db.RemovePartialBackups(folder)
	if len(removed) > 0 {
		fmt.Fprintf(a.stderr, "desk: removed %d unfinished backup(s) from %s (a backup was interrupted): %s\n",
			len(removed), folder, strings.Join(removed, ", "))
	}
	return err
}
