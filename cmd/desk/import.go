package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/desk-event/desk/badges"
	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/importer"
	"github.com/desk-event/desk/config"
	"github.com/desk-event/desk/db"
)

func (a *app) importCommand() *cobra.Command {
	var dryRun, cancelMissing, force bool
	var sheet string
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import or re-import the registration export",
		Long: `Import the registration form's export: CSV in any usual encoding and
separator, or an .xlsx or .ods workbook (its first sheet, or the one named
with --sheet). Import it again whenever a newer export arrives: people are
updated in place and keep their badge code; nobody is duplicated.

It prints which column feeds which field, then what was added, updated,
unchanged, rejected (row and reason) and who is missing from the export.
Columns that are not mapped (remarks, IP address, consent...) are never stored.`,
		Example: `  desk import registrations.csv --dry-run
  desk import registrations.csv
  desk import latest.csv --cancel-missing
  desk import responses.xlsx --sheet "Form1"`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return fmt.Errorf("give one export file to import, e.g. desk import registrations.csv")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := config.Load(a.configPath)
			if err != nil {
				return err
			}
			return a.importFile(cmd.Context(), cfg, args[0], importFlags{dryRun, cancelMissing, force, sheet})
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "show what would change, write nothing")
	cmd.Flags().BoolVar(&cancelMissing, "cancel-missing", false, "mark people absent from this export as cancelled")
	cmd.Flags().StringVar(&sheet, "sheet", "", "the sheet of an .xlsx or .ods workbook to read (default: the first)")
	cmd.Flags().BoolVar(&force, "force", false, "import even what looks like a mistake (most people cancelled, or nobody known)")
	return cmd
}

type importFlags struct {
	dryRun, cancelMissing, force bool
	sheet                        string // of a workbook; "" for the first
}

func (a *app) importFile(ctx context.Context, cfg config.Config, path string, flags importFlags) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	readOpts, err := importOptions(cfg, a.systemFonts())
	if err != nil {
		return err
	}
	readOpts.Sheet = flags.sheet
	ex, err := importer.Read(f, readOpts)
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	opts := importer.ReconcileOptions{CancelMissing: flags.cancelMissing, Force: flags.force, Rejected: ex.Rejected, Now: a.now(), Rand: a.rand}
	var plan importer.Plan
	if _, statErr := os.Stat(cfg.Database); flags.dryRun && os.IsNotExist(statErr) {
		plan, err = importer.Reconcile(nil, ex.Rows, opts) // a dry run creates no database
	} else {
		plan, err = importIntoStore(ctx, cfg, ex.Rows, opts, flags.dryRun)
	}
	if err != nil {
		return fmt.Errorf("import %s: nothing was imported: %w", path, err)
	}
	out := bufio.NewWriter(a.stdout) // the report is many short lines
	importer.WriteReport(out, filepath.Base(path), ex, plan, flags.dryRun)
	if err := out.Flush(); err != nil {
		return fmt.Errorf("import %s: done, but its report could not be written: %w", path, err)
	}
	if len(ex.Rows) == 0 {
		return fmt.Errorf("import %s: no row could be imported (%d rejected, see above)", path, len(ex.Rejected))
	}
	return nil
}

func importIntoStore(ctx context.Context, cfg config.Config, rows []importer.Row, opts importer.ReconcileOptions, dryRun bool) (importer.Plan, error) {
	store, err := db.Open(ctx, cfg.Database)
	if err != nil {
		return importer.Plan{}, err
	}
	defer store.Close()
	if !dryRun { // a dry run writes nothing, not even the event days
		if err := store.SetDays(ctx, eventDays(cfg)); err != nil {
			return importer.Plan{}, fmt.Errorf("database %s: %w", cfg.Database, err)
		}
	}
	return store.Import(ctx, rows, opts, dryRun)
}

// importOptions turns the configuration into what the importer needs.
func importOptions(cfg config.Config, system *badges.SystemFonts) (importer.Options, error) {
	m := importer.Mapping{Columns: map[checkin.Field]string{}, Days: map[checkin.Day]string{},
		DaysFrom: importer.DaysFrom{Column: cfg.Import.DaysFrom.Column, Values: cfg.Import.DaysFrom.Values}}
	for k, v := range cfg.Import.Columns {
		m.Columns[checkin.Field(k)] = v
	}
	for k, v := range cfg.Import.Days {
		m.Days[checkin.Day(k)] = v
	}
	fallback, err := badgeFont(cfg)
	if err != nil {
		return importer.Options{}, err
	}
	fonts := []*badges.Font{badges.DefaultFont()} // what neither the built-in font nor badges.font draws
	if fallback != nil {
		fonts = append(fonts, fallback)
	}
	coverage := badges.NewCoverage(fonts...).WithSystemFonts(system)
	return importer.Options{Mapping: m, Days: eventDays(cfg), Undrawable: coverage.Undrawable, FontAdvice: badges.InstallAdvice,
		Sessions: sessionsOf(cfg)}, nil
}

func eventDays(cfg config.Config) []checkin.Day {
	days := make([]checkin.Day, len(cfg.Event.Days))
	for i, d := range cfg.Event.Days {
		days[i] = checkin.Day(d)
	}
	return days
}

// openStore opens the event's database and records its days.
func openStore(ctx context.Context, cfg config.Config) (*db.DB, error) {
	store, err := db.Open(ctx, cfg.Database)
	if err != nil {
		return nil, err
	}
	if err := store.SetDays(ctx, eventDays(cfg)); err != nil {
		store.Close()
		return nil, fmt.Errorf("database %s: %w", cfg.Database, err)
	}
	return store, nil
}
