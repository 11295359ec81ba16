package main

import (
	"strings"
	"testing"
)

// TestPersonByEmailInAnyCase: an e-mail typed in capitals finds the person
// to export and to erase (e-mails are stored in lower case).
func TestPersonByEmailInAnyCase(t *testing.T) {
	ta := newEventWithPeople(t)
	if msg := ta.mustDesk("export", "--person", "H@Example.FR"); !strings.Contains(msg, `"last_name": "Müller"`) {
		t.Fatalf("export: %s", msg)
	}
	ta.mustDesk("purge", "--person", "E@EXAMPLE.FR", "--yes")
	for _, r := range ta.registrants() {
		if r.LastName == "Zola" {
			t.Fatal("Émile Zola was not erased")
		}
	}
	if _, err := ta.desk("export", "--person", "Nobody@Example.fr"); err == nil {
		t.Fatal("exported someone for an unknown e-mail")
	}
}
