package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPrintingSettings(t *testing.T) {
	t.Run("desk init writes them, commented, and they load back as off", func(t *testing.T) {
		path := writeNew(t, valid)
		c, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if c.Printing != (Printing{Printer: "", Mode: "off", Layout: "brother-dk-11202"}) {
			t.Fatalf("printing = %+v", c.Printing)
		}
		b, _ := os.ReadFile(path)
		for _, want := range []string{"\nprinting:\n", `lpstat -p`, `mode: "off"`, "on_checkin"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("desk.yaml lacks %q", want)
			}
		}
	})
	t.Run("DESK_PRINTING_* override them", func(t *testing.T) {
		path := writeNew(t, valid)
		t.Setenv("DESK_PRINTING_PRINTER", "Brother_QL-820NWB")
		t.Setenv("DESK_PRINTING_MODE", "on_checkin")
		t.Setenv("DESK_PRINTING_LAYOUT", "dymo-30857")
		c, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if c.Printing != (Printing{Printer: "Brother_QL-820NWB", Mode: "on_checkin", Layout: "dymo-30857"}) {
			t.Fatalf("printing = %+v", c.Printing)
		}
	})
	t.Run("an empty DESK_PRINTING_PRINTER clears the file's printer", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "desk.yaml")
		os.WriteFile(path, []byte("event:\n  name: x\n  days: [2026-10-14]\nprinting:\n  printer: Brother_QL\n  mode: button\n"), 0o600)
		t.Setenv("DESK_PRINTING_PRINTER", "")
		c, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if c.Printing.Printer != "" || c.Printing.Mode != "button" {
			t.Fatalf("printing = %+v, want no printer and the file's mode", c.Printing)
		}
	})
	t.Run("an empty mode is off", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "desk.yaml")
		os.WriteFile(path, []byte("event:\n  name: x\n  days: [2026-10-14]\nprinting:\n  printer: Brother_QL\n  mode: \"\"\n"), 0o600)
		t.Setenv("DESK_PRINTING_MODE", "")
		c, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if c.Printing.Mode != "off" {
			t.Fatalf("printing = %+v, want off", c.Printing)
		}
	})
	t.Run("an empty variable elsewhere keeps the file's value", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "desk.yaml")
		os.WriteFile(path, []byte("event:\n  name: x\n  days: [2026-10-14]\nretention:\n  days: 60\n"), 0o600)
		t.Setenv("DESK_RETENTION_DAYS", "")
		c, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if c.Retention.Days != 60 {
			t.Fatalf("retention.days = %d, want the file's 60", c.Retention.Days)
		}
	})
	t.Run("a bad value from the environment names its variable", func(t *testing.T) {
		path := writeNew(t, valid)
		t.Setenv("DESK_PRINTING_MODE", "onarrival")
		_, err := Load(path)
		if err == nil || !strings.Contains(err.Error(), `printing.mode: "onarrival" is not one of`) || !strings.Contains(err.Error(), "(set by the environment: DESK_PRINTING_MODE)") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("variables named in other messages, and empty ones not", func(t *testing.T) {
		for _, c := range []struct{ env, value, want string }{
			{"DESK_BADGES_OFFSET_X", "15", "DESK_BADGES_OFFSET_X"},
			{"DESK_RETENTION_DAYS", "-1", "DESK_RETENTION_DAYS"},
			{"DESK_SERVER_TLS", "sometimes", "DESK_SERVER_TLS"},
		} {
			path := writeNew(t, valid)
			t.Setenv(c.env, c.value)
			_, err := Load(path)
			if err == nil || !strings.Contains(err.Error(), "(set by the environment: "+c.want+")") {
				t.Errorf("%s=%s: err = %v", c.env, c.value, err)
			}
			os.Unsetenv(c.env)
		}
		path := filepath.Join(t.TempDir(), "desk.yaml")
		os.WriteFile(path, []byte("event:\n  name: x\n  days: [2026-10-14]\nprinting:\n  mode: always\n"), 0o600)
		t.Setenv("DESK_PRINTING_MODE", "")
		if _, err := Load(path); err == nil || strings.Contains(err.Error(), "environment") {
			t.Fatalf("an empty variable named as the source of the file's value: %v", err)
		}
	})
	bad := []struct{ name, yaml, want string }{
		{"mode", "printing:\n  mode: always\n", `printing.mode: "always" is not one of on_checkin, button, off`},
		{"queue with a space", "printing:\n  printer: \"Brother QL\"\n", `printing.printer: "Brother QL" is not a CUPS queue name`},
		{"queue with a slash", "printing:\n  printer: \"ipp://x/y\"\n", `is not a CUPS queue name`},
	}
	for _, tc := range bad {
		t.Run("refuses a bad "+tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "desk.yaml")
			os.WriteFile(path, []byte("event:\n  name: x\n  days: [2026-10-14]\n"+tc.yaml), 0o600)
			_, err := Load(path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
