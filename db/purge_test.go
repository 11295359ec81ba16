package db

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/desk-event/desk/checkin/importer"
)

// TestPersonByEmailInAnyCase: e-mails are stored in lower case; one typed
// in capitals, with spaces or "mailto:" still finds the person to export
// or erase.
func TestPersonByEmailInAnyCase(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		typed string
		err   error
	}{
		{"Wilhelmina@Example.FR", nil},
		{"  WILHELMINA@EXAMPLE.FR ", nil},
		{"mailto:wilhelmina@example.fr", nil},
		{"wilhelmina@example.org", ErrNoSuchPerson},
		{"Wilhelmina", ErrNoSuchPerson},
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			d, path := openTest(t)
			d.Import(ctx, []importer.Row{row(2, "Wilhelmina", "Zwanenburg", "wilhelmina@example.fr"), row(3, "Bart", "Quixley", "bart@example.fr")}, testOpts(1), false)
			export, err := d.ExportPerson(ctx, tt.typed, nil)
			if !errors.Is(err, tt.err) || err == nil && !bytes.Contains(export, []byte(`"last_name": "Zwanenburg"`)) {
				t.Fatalf("export: %v\n%s", err, export)
			}
			if _, err := d.PurgePerson(ctx, tt.typed); !errors.Is(err, tt.err) {
				t.Fatalf("purge: %v", err)
			}
			if tt.err == nil {
				assertNotInFiles(t, path, "Zwanenburg")
			}
		})
	}
}
