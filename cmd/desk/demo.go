package main

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/desk-event/desk/config"
)

// demoExport is a registration export as French Excel saves it
// (Windows-1252, semicolons, CRLF): 128 people from 100 organisations.
//
//go:embed demo/registrations.csv
var demoExport []byte

const demoEventName = "Rencontre des espaces naturels"

func (a *app) demoCommand() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Try desk on a sample event, with nothing to configure",
		Long: `Create a sample two-day event (today and tomorrow) in a new temporary folder,
import its registration export (128 people from 100 organisations, as an
online form exports them through French Excel) and print their badges.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.demo(cmd.Context(), dir)
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "folder for the demo event (default: a new temporary folder)")
	return cmd
}

func (a *app) demo(ctx context.Context, dir string) error {
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "desk-demo-"); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	loc, _ := time.LoadLocation("Europe/Paris")
	today := a.now().In(loc)
	a.configPath = filepath.Join(dir, "desk.yaml")
	fmt.Fprintf(a.stdout, "Demo event in %s\n\n", dir)
	err := a.init(config.New{
		Name:       demoEventName,
		Days:       []string{today.Format(time.DateOnly), today.AddDate(0, 0, 1).Format(time.DateOnly)},
		Timezone:   "Europe/Paris",
		HealthPass: "record",
		Database:   "desk.db",
	})
	if err != nil {
		return err
	}
	export := filepath.Join(dir, "registrations.csv")
	if err := os.WriteFile(export, demoExport, 0o600); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	cfg, err := config.Load(a.configPath)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\n$ desk --config %s import %s\n", a.configPath, export)
	if err := a.importFile(ctx, cfg, export, importFlags{}); err != nil {
		return err
	}
	out := filepath.Join(dir, "badges.pdf")
	fmt.Fprintf(a.stdout, "\n$ desk --config %s badges --out %s\n", a.configPath, out)
	if err := a.printBadges(ctx, cfg, badgeFlags{out: out, layout: cfg.Badges.Layout, sort: "last-name", startAt: 1, perFile: 10000}); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\nThe demo event is in %s: open badges.pdf, or try the commands above\n", dir)
	fmt.Fprintf(a.stdout, "with --config %s (desk --help lists them).\n", a.configPath)
	return nil
}
