package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestTransportSettings: desk init proposes HTTPS and writes server.hosts
// with what it is for; extra host names load from the file or the
// environment, and anything but a bare name is refused.
func TestTransportSettings(t *testing.T) {
	c, err := Load(writeNew(t, valid))
	if err != nil {
		t.Fatal(err)
	}
	if c.Server.TLS != "self-signed" || len(c.Server.Hosts) != 0 {
		t.Fatalf("a new desk.yaml: tls %q, hosts %v", c.Server.TLS, c.Server.Hosts)
	}
	for _, tc := range []struct {
		name, yaml, env string
		want            []string
		err             string
	}{
		{"listed", "  hosts: [accueil.example.org, 192.0.2.7]\n", "", []string{"accueil.example.org", "192.0.2.7"}, ""},
		{"from the environment", "", "accueil.example.org,desk.example.org", []string{"accueil.example.org", "desk.example.org"}, ""},
		{"a URL", "  hosts: [\"https://accueil.example.org/\"]\n", "", nil, `server.hosts: "https://accueil.example.org/" is not a host name`},
		{"with a port", "  hosts: [\"accueil.example.org:443\"]\n", "", nil, "server.hosts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "desk.yaml")
			os.WriteFile(path, []byte("event:\n  name: x\n  days: [2026-10-14]\nserver:\n  tls: \"off\"\n"+tc.yaml), 0o600)
			if tc.env != "" {
				t.Setenv("DESK_SERVER_HOSTS", tc.env)
			}
			c, err := Load(path)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || !slices.Equal(c.Server.Hosts, tc.want) {
				t.Fatalf("hosts %v, %v; want %v", c.Server.Hosts, err, tc.want)
			}
		})
	}
}
