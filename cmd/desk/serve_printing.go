package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"

	"github.com/desk-event/desk/badges"
	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/config"
	"github.com/desk-event/desk/db"
	"github.com/desk-event/desk/printing"
)

// startPrinting starts the worker that prints the desks' badges through
// CUPS until ctx ends, and gives the service the desk page and the
// dashboard use: each desk's printer, fallback and mode over desk.yaml's
// printing section, badges on arrival or on a button, and the jobs.
func (a *app) startPrinting(ctx context.Context, cfg config.Config, store *db.DB, log *slog.Logger) (*printing.Service, error) {
	layout, err := badges.Preset(cfg.Printing.Layout)
	if err != nil {
		return nil, fmt.Errorf("printing.layout: %w", err)
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
	go w.Run(ctx)
	return &printing.Service{Store: store, Worker: w, Lister: printing.CUPS{}, Defaults: defaults, Log: log}, nil
}

// printDefaults are desk.yaml's printing.printer and printing.mode.
func printDefaults(cfg config.Config) checkin.DeskPrinting {
	return checkin.DeskPrinting{Printer: cfg.Printing.Printer, Mode: checkin.PrintMode(cfg.Printing.Mode)}
}

// announcePrinting says at start what the desks that chose nothing do, and
// warns when desk.yaml names a printer CUPS does not list.
func (a *app) announcePrinting(ctx context.Context, cfg config.Config, p *printing.Service) {
	pr := cfg.Printing
	switch {
	case pr.Mode == "off":
		fmt.Fprintf(a.stdout, "  printing badges: off unless the organiser sets a desk's mode on the dashboard\n")
		return
	case pr.Printer == "":
		fmt.Fprintf(a.stdout, "  printing badges (%s): each desk chooses its printer on the desk page; nothing prints until it does\n", pr.Mode)
	case pr.Mode == "on_checkin":
		fmt.Fprintf(a.stdout, "  badges print on arrival on the CUPS queue %s (%s), unless a desk chooses another\n", pr.Printer, pr.Layout)
	default:
		fmt.Fprintf(a.stdout, "  badges print when a desk presses Print, on the CUPS queue %s (%s), unless a desk chooses another\n", pr.Printer, pr.Layout)
	}
	if pr.Printer == "" {
		return
	}
	names, err := p.Printers(ctx)
	switch {
	case err != nil:
		fmt.Fprintf(a.stderr, "warning: printing.printer is %s, but CUPS did not list its printers (%v): is cupsd running?\n", pr.Printer, err)
	case !slices.Contains(names, pr.Printer):
		fmt.Fprintf(a.stderr, "warning: printing.printer is %s, but CUPS has no such queue (lpstat -p lists: %s); badges wait in desk's queue until it exists\n",
			pr.Printer, strings.Join(names, ", "))
	}
}
