package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/desk-event/desk/config"
)

// run parses args and runs the chosen subcommand.
func (a *app) run(ctx context.Context, args []string) error {
	root := &cobra.Command{
		Use:   "desk",
		Short: "Entry check-in desk for professional events",
		Long: `desk turns a registration export into badges, checks people in at the door
by scanning their badge, and reports who came.

An event's life, from its folder:
  desk init --name "My event" --days 2026-10-14,2026-10-15
  desk import registrations.csv      (again whenever late registrations arrive)
  desk badges --out badges.pdf       (then --unprinted for late registrants)

Try it all on a sample event first: desk demo`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetArgs(args)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetContext(ctx)
	root.PersistentFlags().StringVar(&a.configPath, "config", config.DefaultPath, "configuration file of the event")
	root.AddCommand(a.initCommand(), a.importCommand(), a.badgesCommand(), a.serveCommand(), a.reportCommand(), a.certificatesCommand(), a.backupCommand(), a.purgeCommand(), a.exportCommand(), a.demoCommand(), a.sessionsCommand())
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fmt.Errorf("%v (see \"%s --help\")", err, c.CommandPath())
	})
	return root.Execute()
}
