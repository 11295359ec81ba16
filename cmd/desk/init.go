package main

import (
	"crypto/rand"
	"fmt"
	"io"
	"math/big"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/crypto/bcrypt"

	"github.com/desk-event/desk/config"
)

func (a *app) initCommand() *cobra.Command {
	n := config.New{Timezone: "Europe/Paris", HealthPass: "off", Database: "desk.db", TLS: "self-signed"}
	var days string
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create desk.yaml for a new event, with a new admin password and desk PIN",
		Long: `Create a commented desk.yaml for a new event in the current folder (or at
--config). It never overwrites an existing file.

It generates the admin password (for the organiser) and a desk PIN (for door
staff), prints them once, and keeps only their hashes in the file.`,
		Example: `  desk init --name "Rencontre des espaces naturels" --days 2026-10-14,2026-10-15`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			n.Days = strings.FieldsFunc(days, func(r rune) bool { return r == ',' || r == ' ' })
			if err := a.init(n); err != nil {
				return err
			}
			a.initNext(n)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&n.Name, "name", "", "the event's name, as printed on badges")
	f.StringVar(&days, "days", "", "the event days, YYYY-MM-DD separated by commas")
	f.StringVar(&n.Timezone, "timezone", n.Timezone, "the event's time zone")
	f.StringVar(&n.HealthPass, "health-pass", n.HealthPass, "health pass policy: off, record or require")
	f.StringVar(&n.Database, "database", n.Database, "the database file, relative to the configuration file")
	f.StringVar(&n.TLS, "tls", n.TLS, "server.tls: self-signed (HTTPS: the PIN and password never cross the venue network in clear) or off (plain HTTP)")
	return cmd
}

// pinDigits is the length of the desk PIN desk init makes: 8 digits
// resist guessing for the length of an event under the login limits
// (README, "What the PIN resists"), and are still typed in a few seconds.
// DESK_DESK_PIN may be any length.
const pinDigits = 8

func (a *app) init(n config.New) error {
	password, err := randomString(a.rand, "bcdfghjknprstvx", 16, 4, '-')
	if err != nil {
		return err
	}
	pin, err := randomString(a.rand, "0123456789", pinDigits, 0, 0)
	if err != nil {
		return err
	}
	if n.AdminPasswordHash, err = hash(password); err != nil {
		return err
	}
	if n.DeskPINHash, err = hash(pin); err != nil {
		return err
	}
	if err := config.Write(a.configPath, n); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Wrote %s.\n\n", a.configPath)
	fmt.Fprintf(a.stdout, "  Admin password: %s   (for the organiser: dashboard, reports, settings)\n", password)
	fmt.Fprintf(a.stdout, "  Desk PIN:       %s       (for door staff)\n\n", pin)
	fmt.Fprintln(a.stdout, "Write them down now: they are not shown again (desk.yaml keeps only hashes).")
	return nil
}

// initNext tells a new organiser what to do after desk init.
func (a *app) initNext(n config.New) {
	fmt.Fprintln(a.stdout, "\nNext:")
	if n.Name == "" || len(n.Days) == 0 {
		fmt.Fprintf(a.stdout, "  1. Edit %s: set event.name and event.days.\n", a.configPath)
	} else {
		fmt.Fprintf(a.stdout, "  1. Check %s (event, health pass, column mapping).\n", a.configPath)
	}
	fmt.Fprintln(a.stdout, "  2. desk import registrations.csv --dry-run   (see what would be imported)")
	fmt.Fprintln(a.stdout, "  3. desk import registrations.csv")
	fmt.Fprintln(a.stdout, "  4. desk badges --out badges.pdf   (--preview to look first; badges printed at the door: see printing in desk.yaml)")
}

func hash(secret string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(secret), bcrypt.DefaultCost)
	return string(h), err
}

// randomString draws n characters of alphabet from r, uniformly, with sep
// between groups of group characters (group 0: no groups).
func randomString(r io.Reader, alphabet string, n, group int, sep byte) (string, error) {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if group > 0 && i > 0 && i%group == 0 {
			b.WriteByte(sep)
		}
		k, err := rand.Int(r, big.NewInt(int64(len(alphabet))))
		if err != nil {
			return "", fmt.Errorf("reading randomness: %w", err)
		}
		b.WriteByte(alphabet[k.Int64()])
	}
	return b.String(), nil
}
