package checkin_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
)

func TestAttendanceCSV(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	rows := []checkin.Attendance{
		{Day: "2026-10-14", Code: "BCDFGHJKLNPRSTUVXBCD", FirstName: "Hélène", LastName: "Müller", Organisation: "Cœur de Savoie",
			Registered: true, ArrivedAt: time.Date(2026, 10, 14, 7, 5, 0, 0, time.UTC), Desk: "Entrée A", HealthPassVerified: true},
		{Day: "2026-10-14", Code: "CDFGHJKLNPRSTUVXBCDF", FirstName: "=HYPERLINK(\"x\")", LastName: "-2+3", Organisation: "@SUM(A1)", Registered: true},
	}
	var buf bytes.Buffer
	if err := checkin.WriteAttendanceCSV(&buf, rows, paris, checkin.AttendanceColumns{HealthPass: true}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\xef\xbb\xbf")) {
		t.Fatal("no byte-order mark: French Excel would garble the accents")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff")))
	r.Comma = ';'
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 3 || records[1][1] != "Müller" || records[1][3] != "Cœur de Savoie" || records[1][6] != "oui" || records[1][7] != "09:05" || records[1][11] != "oui" {
		t.Fatalf("rows %q", records)
	}
	for _, cell := range records[2][1:4] {
		if !strings.HasPrefix(cell, "'") {
			t.Errorf("formula cell %q not neutralised", cell)
		}
	}
	if records[2][6] != "non" || records[2][7] != "" {
		t.Fatalf("no-show row %q", records[2])
	}
}

func TestAttendanceCSVHealthPassColumn(t *testing.T) {
	rows := []checkin.Attendance{{Day: "2026-10-14", Code: "BCDFGHJKLNPRSTUVXBCD", LastName: "Müller", Registered: true, HealthPassVerified: true}}
	for _, tt := range []struct {
		name string
		cols checkin.AttendanceColumns
		want bool
	}{
		{"policy off: no column", checkin.AttendanceColumns{}, false},
		{"policy on: a column per person", checkin.AttendanceColumns{HealthPass: true}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := checkin.WriteAttendanceCSV(&buf, rows, time.UTC, tt.cols); err != nil {
				t.Fatal(err)
			}
			header := strings.SplitN(buf.String(), "\r\n", 2)[0]
			if got := strings.Contains(header, "pass sanitaire vérifié"); got != tt.want {
				t.Errorf("header %q: health-pass column %v, want %v", header, got, tt.want)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	at := func(h, m int) time.Time { return time.Date(2026, 10, 14, h, m, 0, 0, paris) }
	rows := []checkin.Attendance{
		{Day: "2026-10-14", FirstName: "A", Organisation: "Parc", Category: "Participant", Registered: true, ArrivedAt: at(9, 1), HealthPassVerified: true},
		{Day: "2026-10-14", FirstName: "B", Organisation: "Parc", Category: "Participant", Registered: true, ArrivedAt: at(9, 32)},
		{Day: "2026-10-14", FirstName: "C", Organisation: "Mairie", Category: "Intervenant", Registered: true},
		{Day: "2026-10-14", FirstName: "D", Organisation: "Mairie", Registered: true, Cancelled: true},
		{Day: "2026-10-14", FirstName: "E", Organisation: "Office", WalkIn: true, ArrivedAt: at(9, 5)},
		{Day: "2026-10-14", FirstName: "F", Organisation: "Office", Forced: true, ArrivedAt: at(9, 6)},
		{Day: "2026-10-15", FirstName: "A", Organisation: "Parc", Registered: true},
	}
	days := checkin.Summarize(rows, paris)
	if len(days) != 2 {
		t.Fatalf("%d days", len(days))
	}
	d := days[0]
	if d.Expected != 3 || d.Present != 4 || d.NoShow != 1 || d.WalkIns != 1 || d.Forced != 1 || d.HealthPassChecked != 1 || d.Organisations != 2 {
		t.Fatalf("day 1: %+v", d)
	}
	if len(d.PerTenMinutes) != 4 || d.PerTenMinutes[0].Arrivals != 3 || d.PerTenMinutes[1].Arrivals != 0 || d.PerTenMinutes[3].Arrivals != 1 {
		t.Fatalf("per ten minutes %+v", d.PerTenMinutes)
	}
	if d.NoShows[0].FirstName != "C" || days[1].NoShow != 1 {
		t.Fatalf("no-shows %+v / %+v", d.NoShows, days[1])
	}
}
