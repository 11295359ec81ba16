package main

import (
	"context"
	_ "embed"
	"fmt"
	"io"
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
	var dir, addr string
	var noServe bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Try desk on a sample event, with nothing to configure",
		Long: `Create a sample two-day event (today and tomorrow) in a new temporary folder,
import its registration export (128 people from 100 organisations, as an
online form exports them through French Excel), print their badges, and run
the check-in service until Ctrl-C: open the desk page it prints, log in with
the desk PIN, and type a code from badges.pdf.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.demo(cmd.Context(), dir); err != nil || noServe {
				return err
			}
			cfg, err := config.Load(a.configPath)
			if err != nil {
				return err
			}
			cfg.Server.Addr = addr
			fmt.Fprintln(a.stdout, "\nStarting the check-in service (Ctrl-C stops it):")
			return a.serve(cmd.Context(), cfg, "")
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "folder for the demo event (default: a new temporary folder)")
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "where the demo's check-in service listens (this machine only: the demo serves plain HTTP)")
	cmd.Flags().BoolVar(&noServe, "no-serve", false, "prepare the demo event without starting the service")
	return cmd
}

func (a *app) demo(ctx context.Context, dir string) error {
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "desk-demo-"); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	} else if err := os.MkdirAll(dir, privateFolder); err != nil {
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
		TLS:        "off", // a sample event on this laptop, opened at http://localhost:8080 without a certificate warning
	})
	if err != nil {
		return err
	}
	export := filepath.Join(dir, "registrations.csv")
	if err := writeAtomically(export, func(w io.Writer) error { _, err := w.Write(demoExport); return err }); err != nil {
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
