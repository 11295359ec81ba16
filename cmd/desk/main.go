// Command desk is the entry check-in desk for professional events: it
// imports registrations, prints badges, runs the check-in service and
// writes the attendance reports. Each subcommand has its own file here;
// the logic lives in the packages it wires together.
package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // event time zones work on machines without a zoneinfo database

	"github.com/desk-event/desk/badges"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a := &app{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, now: time.Now, rand: rand.Reader, fontLookup: badges.Fontconfig()}
	if err := a.run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "desk: "+oneLine(err.Error()))
		os.Exit(1)
	}
}

// app is everything a command needs from the outside world, injected so
// that tests run commands exactly.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
	rand           io.Reader
	configPath     string
	// fontLookup finds installed fonts for scripts the badge fonts lack;
	// nil looks for none.
	fontLookup badges.FontLookup
}

// systemFonts is the finder of installed fonts for one command, or nil.
func (a *app) systemFonts() *badges.SystemFonts {
	if a.fontLookup == nil {
		return nil
	}
	return badges.NewSystemFonts(a.fontLookup)
}

// oneLine keeps an error on the single line PRODUCT.md promises.
func oneLine(s string) string {
	out := []rune{}
	for _, r := range s {
		if r == '\n' || r == '\r' {
			r = ' '
		}
		out = append(out, r)
	}
	return string(out)
}
