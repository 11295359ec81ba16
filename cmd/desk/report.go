package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/config"
	"github.com/desk-event/desk/db"
)

func (a *app) reportCommand() *cobra.Command {
	var day, format, out string
	var all bool
	cmd := &cobra.Command{
		Use:   "report (--day YYYY-MM-DD | --all) --format csv --out FILE",
		Short: "Write the attendance of a day or of the whole event",
		Long: `Write who was expected and who came, one row per person and day, with the
arrival time and desk, walk-ins and admissions without registration, and
whether the health pass was checked.

--format csv is for spreadsheets (UTF-8 with BOM and semicolons, as French
Excel reads them; cells that would run as formulas are neutralised). The PDF
report is not written yet.`,
		Example: `  desk report --day 2026-10-14 --format csv --out jour1.csv
  desk report --all --format csv --out presence.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch {
			case format != "csv":
				return fmt.Errorf("--format %q: only csv is written yet (the PDF report comes next)", format)
			case out == "":
				return errors.New("say where to write the report with --out FILE")
			case all == (day != ""):
				return errors.New("give either --day YYYY-MM-DD or --all")
			}
			cfg, err := config.Load(a.configPath)
			if err != nil {
				return err
			}
			days := eventDays(cfg)
			if day != "" {
				d, err := checkin.ParseDay(day)
				if err != nil {
					return fmt.Errorf("--day: %w", err)
				}
				days = []checkin.Day{d}
			}
			store, err := db.Open(cmd.Context(), cfg.Database)
			if err != nil {
				return err
			}
			defer store.Close()
			rows, err := store.Attendance(cmd.Context(), days)
			if err != nil {
				return err
			}
			if err := writeAtomically(out, func(w io.Writer) error { return checkin.WriteAttendanceCSV(w, rows, cfg.Location()) }); err != nil {
				return err
			}
			present := 0
			for _, r := range rows {
				if !r.ArrivedAt.IsZero() {
					present++
				}
			}
			fmt.Fprintf(a.stdout, "Wrote %s: %s, %d present.\n", out, plural(len(rows), "row"), present)
			return nil
		},
	}
	cmd.Flags().StringVar(&day, "day", "", "the event day to report, YYYY-MM-DD")
	cmd.Flags().BoolVar(&all, "all", false, "every event day")
	cmd.Flags().StringVar(&format, "format", "csv", "csv")
	cmd.Flags().StringVar(&out, "out", "", "the file to write")
	return cmd
}

func (a *app) backupCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Copy the database safely, even while desk serve runs",
		Long: `Write a consistent copy of the event's database to FILE (a new file), even
while the check-in service is writing, and check the copy before saying so.`,
		Example: `  desk backup /media/usb/rencontre-2026-10-14.db`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return errors.New("give the file to write the backup to, e.g. desk backup backup.db")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := config.Load(a.configPath)
			if err != nil {
				return err
			}
			store, err := db.Open(cmd.Context(), cfg.Database)
			if err != nil {
				return err
			}
			defer store.Close()
			if err := store.Backup(cmd.Context(), args[0]); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Wrote %s: a checked copy of %s.\n", args[0], cfg.Database)
			return nil
		},
	}
}
