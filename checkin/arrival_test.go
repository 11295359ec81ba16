package checkin_test

import (
	"testing"

	"github.com/desk-event/desk/checkin"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		input string
		code  checkin.Code
		out   checkin.Outcome
		hint  string
	}{
		{"bcdf ghjk lnpr stuv xbcd\r", "BCDFGHJKLNPRSTUVXBCD", "", ""},
		{"HC1:NCFOXN%TS3DH", "", checkin.NotABadge, "health_pass"},
		{"hc1:ncfoxn", "", checkin.NotABadge, "health_pass"},
		{"HC&MNCFOXN", "", checkin.NotABadge, "health_pass"},   // a US-set scanner on an AZERTY laptop
		{"HC!.NCFOXN", "", checkin.NotABadge, "health_pass"},   // an AZERTY-set scanner on a US laptop
		{"DC04FR000001", "", checkin.NotABadge, "health_pass"}, // French 2D-Doc
		{"DCà'FR000001", "", checkin.NotABadge, "health_pass"},
		{"shc:/5676290952432060", "", checkin.NotABadge, "health_pass"},
		{"https://example.org/ticket/42", "", checkin.NotABadge, ""},
		{"", "", checkin.NotABadge, ""},
	}
	for _, tt := range tests {
		code, out, hint := checkin.Classify(tt.input)
		if code != tt.code || out != tt.out || hint != tt.hint {
			t.Errorf("Classify(%q) = %q, %q, %q; want %q, %q, %q", tt.input, code, out, hint, tt.code, tt.out, tt.hint)
		}
	}
}
