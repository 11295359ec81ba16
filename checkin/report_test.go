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
	if err := checkin.WriteAttendanceCSV(&buf, rows, paris); err != nil {
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
