package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/config"
	"github.com/desk-event/desk/db"
)

func (a *app) sessionsCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "sessions",
		Short: "List the workshops and talks, with how many registered for each",
		Long: `List the sessions of desk.yaml (day, time, room) with how many people
registered for each against its capacity: the people not cancelled whose
choices in the form's export name it. Then the choices that name no session,
with how many people made each: add or rename a session in desk.yaml and it
matches them at once, without importing again.`,
		Example: `  desk sessions`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withEvent(cmd.Context(), func(cfg config.Config, store *db.DB) error {
				return listSessions(cmd.Context(), a.stdout, sessionsOf(cfg), store)
			})
		},
	}
}

// listSessions writes the sessions with their registered counts, then the
// choices that match none.
func listSessions(ctx context.Context, w io.Writer, sessions []checkin.Session, store *db.DB) error {
	registered, err := store.RegisteredPerSession(ctx, sessions)
	if err != nil {
		return err
	}
	counts, err := store.ChoiceCounts(ctx)
	if err != nil {
		return err
	}
	if len(sessions) == 0 {
		fmt.Fprintln(w, "No sessions in desk.yaml: list the workshops under sessions: (desk init writes an example).")
	} else {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "id\tday\ttime\troom\tregistered / capacity\tname")
		for _, s := range sessions {
			fmt.Fprintf(tw, "%s\t%s\t%s-%s\t%s\t%s\t%s\n", s.ID, s.Day, s.Start, s.End, s.Room, seats(registered[s.ID], s.Capacity), s.Name)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	var unmatched []checkin.ChoiceCount
	for _, c := range checkin.CountChoices(counts, sessions) {
		if c.Session == "" {
			unmatched = append(unmatched, c)
		}
	}
	if len(unmatched) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nChosen in the form but matching no session (people; add or rename a session in desk.yaml to match them, no new import needed):")
	for _, c := range unmatched {
		fmt.Fprintf(w, "  %q %d\n", checkin.Truncate(c.Value, 80), c.People)
	}
	return nil
}

// seats says registered against capacity: "12 / 30", "12 / no limit",
// "32 / 30 (over capacity)".
func seats(registered, capacity int) string {
	switch {
	case capacity == 0:
		return fmt.Sprintf("%d / no limit", registered)
	case registered > capacity:
		return fmt.Sprintf("%d / %d (over capacity)", registered, capacity)
	case registered == capacity:
		return fmt.Sprintf("%d / %d (full)", registered, capacity)
	}
	return fmt.Sprintf("%d / %d", registered, capacity)
}

// sessionsOf is the sessions of desk.yaml as the domain knows them.
func sessionsOf(cfg config.Config) []checkin.Session {
	out := make([]checkin.Session, len(cfg.Sessions))
	for i, s := range cfg.Sessions {
		out[i] = checkin.Session{ID: s.ID, Name: s.Name, Room: s.Room, Day: checkin.Day(s.Day), Start: s.Start, End: s.End, Capacity: s.Capacity, Aliases: s.Aliases}
	}
	return out
}
