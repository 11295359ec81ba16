package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/desk-event/desk/badges"
	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/config"
	"github.com/desk-event/desk/db"
	"github.com/desk-event/desk/printing"
)

// startPrinting starts the worker that prints the desks' badges through
// CUPS until ctx ends, counted in running, and gives the service the desk page and the
// dashboard use: each desk's printer, fallback and mode over desk.yaml's
// printing section, badges on arrival or on a button, and the jobs.
func (a *app) startPrinting(ctx context.Context, running *sync.WaitGroup, cfg config.Config, store *db.DB, log *slog.Logger) (*printing.Service, error) {
	layout, err := badges.Preset(cfg.Printing.Layout)
	if err != nil {
		return nil, fmt.Errorf("printing.layout: %w", err)
	}
	if layout.Columns*layout.Rows != 1 {
		return nil, fmt.Errorf("printing.layout: %s is a sheet of %d badges; a label printer prints one badge per label: "+
			"brother-dk-11202, brother-dk-11234, dymo-30857, dymo-99014, zebra-4x3, a6, a7 or single (desk badges --layouts)", layout.Name, layout.Columns*layout.Rows)
	}
	opts, err := badgeOptions(cfg, a.systemFonts())
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(filepath.Dir(cfg.Database), "print-spool")
	if err := makePrivateFolder(dir); err != nil { // badges are personal data
		return nil, fmt.Errorf("printing: %w", err)
	}
	badgeOf := badgeMaker(cfg)
	defaults := printDefaults(cfg)
	arrivals := func(ctx context.Context) error {
		_, err := store.QueueArrivalPrints(ctx, defaults, a.now())
		return err
	}
	spooler := printing.CUPS{Media: printing.MediaFor(layout.Name, layout.PageWidth, layout.PageHeight)}
	w := printing.NewWorker(printing.Worker{Store: store, Spooler: spooler, Now: a.now, Dir: dir, Log: log, Arrivals: arrivals,
		Render: func(out io.Writer, r checkin.Registrant) error {
			_, err := badges.Render(out, []badges.Badge{badgeOf(r)}, layout, opts)
			return err
		}})
	w.ClearSpool() // badge files a stopped serve left (lp had copied them)
	running.Go(func() { w.Run(ctx) })
	return &printing.Service{Store: store, Worker: w, Lister: printing.CUPS{}, Defaults: defaults, Log: log}, nil
}

// printDefaults are desk.yaml's printing.printer and printing.mode.
func printDefaults(cfg config.Config) checkin.DeskPrinting {
	return checkin.DeskPrinting{Printer: cfg.Printing.Printer, Mode: checkin.PrintMode(cfg.Printing.Mode)}
}

// announcePrinting says at start what the desks that chose nothing do,
// what each desk chose, and how many badges are printed already (those do
// not print again on arrival); it warns about printers CUPS does not list.
func (a *app) announcePrinting(ctx context.Context, cfg config.Config, store *db.DB, p *printing.Service) {
	pr := cfg.Printing
	switch {
	case pr.Mode == "off":
		fmt.Fprintf(a.stdout, "  printing badges: off unless the organiser sets a desk's mode on the dashboard\n")
	case pr.Printer == "":
		fmt.Fprintf(a.stdout, "  printing badges (%s): each desk chooses its printer on the desk page; nothing prints until it does\n", pr.Mode)
	case pr.Mode == "on_checkin":
		fmt.Fprintf(a.stdout, "  badges print on arrival on the CUPS queue %s (%s), unless a desk chooses otherwise\n", pr.Printer, pr.Layout)
	default:
		fmt.Fprintf(a.stdout, "  badges print when a desk presses Print, on the CUPS queue %s (%s), unless a desk chooses otherwise\n", pr.Printer, pr.Layout)
	}
	desks, _ := p.Desks(ctx)
	wanted := map[string][]string{} // printer: who asks for it
	if pr.Printer != "" {
		wanted[pr.Printer] = append(wanted[pr.Printer], "printing.printer")
	}
	for _, d := range desks {
		if d.UpdatedBy == "" {
			continue // logged in, nothing chosen
		}
		fmt.Fprintf(a.stdout, "    %s: %s\n", d.Desk, deskPrintingText(d.Over(p.Defaults)))
		if d.Printer != "" {
			wanted[d.Printer] = append(wanted[d.Printer], "desk "+d.Desk)
		}
		if d.Fallback != "" {
			wanted[d.Fallback] = append(wanted[d.Fallback], "desk "+d.Desk+"'s fallback")
		}
	}
	a.checkPrinters(ctx, p, wanted)
	if _, err := exec.LookPath("ipptool"); err != nil && (pr.Mode != "off" || len(desks) > 0) {
		fmt.Fprintf(a.stderr, "warning: ipptool is not installed (Debian: apt install cups-ipp-utils): "+
			"a badge cancelled in CUPS shows as printed, and one CUPS took as desk serve stopped prints again at the next start\n")
	}
	if printed := countPrinted(ctx, store); printed > 0 && (pr.Mode == "on_checkin" || len(desks) > 0) {
		fmt.Fprintf(a.stdout, "  %s printed already (by desk badges, unless --preview, or a desk): they do not print again on arrival; a desk reprints one with a reason\n",
			plural(printed, "badge is", "badges are"))
	}
}

// deskPrintingText says what a desk does: "on_checkin on Brother_QL,
// fallback Office", "off".
func deskPrintingText(d checkin.DeskPrinting) string {
	if d.Mode == checkin.PrintOff {
		return "off"
	}
	text := fmt.Sprintf("%s on %s", d.Mode, cmp.Or(d.Printer, "no printer: nothing prints"))
	if d.Fallback != "" {
		text += ", fallback " + d.Fallback
	}
	return text
}

// checkPrinters warns about the queues asked for that CUPS does not list,
// naming who asks for each.
func (a *app) checkPrinters(ctx context.Context, p *printing.Service, wanted map[string][]string) {
	if len(wanted) == 0 {
		return
	}
	names, err := p.Printers(ctx)
	if err != nil {
		fmt.Fprintf(a.stderr, "warning: CUPS did not list its printers (%v): is cupsd running? Badges for %s wait in desk's queue until it is\n",
			err, strings.Join(slices.Sorted(maps.Keys(wanted)), ", "))
		return
	}
	for _, q := range slices.Sorted(maps.Keys(wanted)) {
		if !slices.Contains(names, q) {
			verb := "names"
			if len(wanted[q]) > 1 {
				verb = "name"
			}
			fmt.Fprintf(a.stderr, "warning: %s %s the printer %s, but CUPS has no such queue (lpstat -p lists: %s): badges sent to %s wait in desk's queue until it exists, or go to another printer of the desk\n",
				strings.Join(wanted[q], " and "), verb, q, strings.Join(names, ", "), q)
		}
	}
}

// countPrinted counts the people whose badge was printed.
func countPrinted(ctx context.Context, store *db.DB) int {
	people, err := store.Registrants(ctx)
	if err != nil {
		return 0
	}
	n := 0
	for _, r := range people {
		if r.PrintCount > 0 && !r.Cancelled {
			n++
		}
	}
	return n
}
