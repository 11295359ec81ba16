package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/desk-event/desk/config"
	"github.com/desk-event/desk/db"
)

func (a *app) purgeCommand() *cobra.Command {
	var person string
	var yes bool
	cmd := &cobra.Command{
		Use:   "purge [--person CODE|EMAIL] [--yes]",
		Short: "Erase what the retention settings say is due, or one person on request",
		Long: `Erase the health-pass records (retention.health_pass_days after the event's
last day) and the registrants' personal data (retention.days after it): names,
e-mails and form ids go; the counts by day, category and organisation stay,
so the reports still add up. The database file is rewritten so that nothing
erased can be found in it. With --person, erase one person now (their
request). It asks for confirmation unless --yes.`,
		Example: `  desk purge
  desk purge --person anne.petit@example.fr --yes`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withEvent(cmd.Context(), func(cfg config.Config, store *db.DB) error {
				if person == "" {
					return a.purgeDue(cmd.Context(), cfg, store, yes)
				}
				if err := a.confirm(yes, fmt.Sprintf("Erase the personal data of %s from %s?", person, cfg.Database)); err != nil {
					return err
				}
				if _, err := store.PurgePerson(cmd.Context(), person); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Erased the personal data of %s; the counts stay.\n", person)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&person, "person", "", "erase one person now, by badge code or e-mail")
	cmd.Flags().BoolVar(&yes, "yes", false, "do not ask for confirmation")
	return cmd
}

// purgeDue erases what the retention settings say is due today.
func (a *app) purgeDue(ctx context.Context, cfg config.Config, store *db.DB, yes bool) error {
	days := eventDays(cfg)
	after := func(n int) time.Time {
		last := days[len(days)-1].Time()
		return time.Date(last.Year(), last.Month(), last.Day()+1+n, 0, 0, 0, 0, cfg.Location())
	}
	now := a.now()
	passDue, peopleDue := !now.Before(after(cfg.Retention.HealthPassDays)), !now.Before(after(cfg.Retention.Days))
	if !passDue && !peopleDue {
		fmt.Fprintf(a.stdout, "Nothing is due yet: health-pass records go from %s, personal data from %s.\n",
			after(cfg.Retention.HealthPassDays).Format(time.DateOnly), after(cfg.Retention.Days).Format(time.DateOnly))
		return nil
	}
	what := "the health-pass records"
	if peopleDue {
		what += " and everyone's personal data (names, e-mails, form ids)"
	}
	if err := a.confirm(yes, fmt.Sprintf("Erase %s from %s?", what, cfg.Database)); err != nil {
		return err
	}
	n, err := store.PurgeHealthPass(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Erased %s.\n", plural(int(n), "health-pass record"))
	if peopleDue {
		if n, err = store.PurgePeople(ctx); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "Erased the personal data of %s; the counts stay.\n", plural(int(n), "person", "people"))
	}
	return nil
}

// confirm asks a yes-or-no question on the terminal, unless yes was given.
func (a *app) confirm(yes bool, question string) error {
	if yes {
		return nil
	}
	fmt.Fprintf(a.stdout, "%s Type yes to go on: ", question)
	answer, _ := bufio.NewReader(a.stdin).ReadString('\n')
	if strings.TrimSpace(strings.ToLower(answer)) != "yes" {
		return errors.New("nothing was erased (answer yes, or add --yes)")
	}
	return nil
}

func (a *app) exportCommand() *cobra.Command {
	var person string
	cmd := &cobra.Command{
		Use:   "export --person CODE|EMAIL",
		Short: "Give a person everything desk keeps about them, as JSON",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if person == "" {
				return errors.New("say whose data to export with --person CODE|EMAIL")
			}
			return a.withEvent(cmd.Context(), func(cfg config.Config, store *db.DB) error {
				data, err := store.ExportPerson(cmd.Context(), person, sessionsOf(cfg))
				if err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, string(data))
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&person, "person", "", "the person, by badge code or e-mail")
	return cmd
}
