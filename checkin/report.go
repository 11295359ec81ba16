package checkin

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteAttendanceCSV writes one row per registrant and day for
// spreadsheets: UTF-8 with a byte-order mark and semicolons, so that
// French Excel opens it with its accents and columns, and every cell that
// a spreadsheet would run as a formula neutralised. Times are the event's
// local times.
func WriteAttendanceCSV(w io.Writer, rows []Attendance, loc *time.Location) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	yes := func(b bool) string {
		if b {
			return "oui"
		}
		return "non"
	}
	cw.Write([]string{"jour", "nom", "prénom", "organisme", "catégorie", "inscrit ce jour", "présent", "arrivée", "poste",
		"inscrit sur place", "admis sans inscription", "pass sanitaire vérifié", "inscription annulée", "code"})
	for _, a := range rows {
		arrived, at := !a.ArrivedAt.IsZero(), ""
		if arrived {
			at = a.ArrivedAt.In(loc).Format("15:04")
		}
		record := []string{string(a.Day), a.LastName, a.FirstName, a.Organisation, a.Category, yes(a.Registered), yes(arrived),
			at, a.Desk, yes(a.WalkIn), yes(a.Forced), yes(a.HealthPassVerified), yes(a.Cancelled), string(a.Code)}
		for i, v := range record {
			record[i] = SafeCell(v)
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing the CSV: %w", err)
	}
	return nil
}

// SafeCell neutralises a cell that a spreadsheet would take for a
// formula (starting with = + - @, or a tab or carriage return) by putting
// an apostrophe before it, which spreadsheets show as text.
func SafeCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
