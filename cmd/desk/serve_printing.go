package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/desk-event/desk/badges"
	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/config"
	"github.com/desk-event/desk/db"
	"github.com/desk-event/desk/printing"
)

// startPrinting starts the worker that prints badges on arrival
// (printing.mode on_checkin with a printing.printer) until ctx ends, and
// returns what a check-in calls to queue one; nil when printing is off.
// A person's badge is printed once: a second scan, a retried request or a
// second day prints nothing (reprints are for a later version's button).
func (a *app) startPrinting(ctx context.Context, cfg config.Config, store *db.DB, log *slog.Logger) (func(id int64, desk string), error) {
	if cfg.Printing.Mode != "on_checkin" || cfg.Printing.Printer == "" {
		return nil, nil
	}
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
	w := printing.NewWorker(printing.Worker{Store: store, Spooler: printing.CUPS{}, Now: a.now, Dir: dir, Log: log,
		Render: func(out io.Writer, r checkin.Registrant) error {
			_, err := badges.Render(out, []badges.Badge{badgeOf(r)}, layout, opts)
			return err
		}})
	go w.Run(ctx)
	return func(id int64, desk string) {
		go func() { // never in the way of the check-in's answer
			if _, printed, err := store.LastPrintJob(ctx, id); err != nil || printed {
				return
			}
			if _, err := w.Enqueue(ctx, checkin.PrintJob{RegistrantID: id, Desk: desk, Printer: cfg.Printing.Printer, State: checkin.PrintQueued}); err != nil {
				log.Error("print on arrival", "err", err)
			}
		}()
	}, nil
}
