package web_test

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin/web"
)

func TestSelfSignedCertificate(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)
	hosts := []string{"localhost", "127.0.0.1", "192.0.2.10"}
	cert, err := web.SelfSigned(dir, hosts, now)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(cert.Certificate[0])
	if len(leaf.IPAddresses) != 2 || leaf.DNSNames[0] != "localhost" || !leaf.NotAfter.After(now.AddDate(0, 11, 0)) {
		t.Fatalf("certificate for %v %v until %v", leaf.IPAddresses, leaf.DNSNames, leaf.NotAfter)
	}
	if info, _ := os.Stat(filepath.Join(dir, "desk-key.pem")); info.Mode().Perm() != 0o600 {
		t.Fatalf("the key file is %v, want 0600", info.Mode().Perm())
	}
	// The next start keeps it: phones that accepted it go on trusting it.
	again, _ := web.SelfSigned(dir, hosts, now.AddDate(0, 1, 0))
	if string(again.Certificate[0]) != string(cert.Certificate[0]) {
		t.Fatal("a valid certificate was replaced")
	}
	// On another network (a new address) it is made anew.
	moved, _ := web.SelfSigned(dir, append(hosts, "10.0.0.5"), now)
	if string(moved.Certificate[0]) == string(cert.Certificate[0]) {
		t.Fatal("the certificate does not cover the new address")
	}
}

// TestSelfSignedKeyMadePrivate: a key left readable by everyone (an
// earlier desk, a copy) is made private, whether it is kept or replaced.
func TestSelfSignedKeyMadePrivate(t *testing.T) {
	now := time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)
	for name, hosts := range map[string][]string{"kept": {"localhost"}, "replaced": {"localhost", "192.0.2.10"}} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := web.SelfSigned(dir, []string{"localhost"}, now); err != nil {
				t.Fatal(err)
			}
			key := filepath.Join(dir, "desk-key.pem")
			os.Chmod(key, 0o644)
			if _, err := web.SelfSigned(dir, hosts, now); err != nil {
				t.Fatal(err)
			}
			if info, _ := os.Stat(key); info.Mode().Perm() != 0o600 {
				t.Fatalf("the key file is %v, want 0600", info.Mode().Perm())
			}
		})
	}
}
