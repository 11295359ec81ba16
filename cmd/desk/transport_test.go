package main

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/config"
	"github.com/desk-event/desk/db"
)

// TestInitProposesTLS: a new event serves HTTPS unless asked otherwise;
// the demo, a sample on this laptop, stays on plain HTTP.
func TestInitProposesTLS(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"default", []string{"init", "--name", "E", "--days", "2026-10-14"}, "self-signed"},
		{"asked off", []string{"init", "--name", "E", "--days", "2026-10-14", "--tls", "off"}, "off"},
		{"demo", []string{"demo", "--no-serve", "--dir", "demo"}, "off"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ta := newTestApp(t)
			configPath := filepath.Join(ta.dir, "desk.yaml")
			if tc.name == "demo" {
				tc.args[3] = filepath.Join(ta.dir, "demo")
				configPath = filepath.Join(ta.dir, "demo", "desk.yaml")
			}
			ta.mustDesk(tc.args...)
			cfg, err := config.Load(configPath)
			if err != nil {
				t.Fatal(err)
			}
			written, _ := os.ReadFile(configPath)
			if cfg.Server.TLS != tc.want || !strings.Contains(string(written), "\n  hosts: []\n") {
				t.Fatalf("server.tls %q, want %q; server.hosts written: %v", cfg.Server.TLS, tc.want, strings.Contains(string(written), "hosts: []"))
			}
		})
	}
}

// TestServeWarnsOfPlainHTTP: plain HTTP open to the network is said to
// send the PIN and password in clear; on this machine alone, or over
// HTTPS, nothing is said.
func TestServeWarnsOfPlainHTTP(t *testing.T) {
	for _, tc := range []struct {
		addr, tls string
		warned    bool
	}{
		{"0.0.0.0:0", "off", true},
		{"127.0.0.1:0", "off", false},
		{"0.0.0.0:0", "self-signed", false},
	} {
		t.Run(tc.addr+" "+tc.tls, func(t *testing.T) {
			ta := newEventWithPeople(t)
			t.Setenv("DESK_DESK_PIN", "246810")
			t.Setenv("DESK_SERVER_TLS", tc.tls)
			scheme := map[string]string{"off": "http", "self-signed": "https"}[tc.tls]
			_, out, stop := runServeAt(t, ta, scheme, tc.addr)
			if err := stop(); err != nil {
				t.Fatal(err)
			}
			warned := strings.Contains(out.String(), "the desk PIN and the admin password cross the venue Wi-Fi in clear") &&
				strings.Contains(out.String(), "server.tls: self-signed")
			if warned != tc.warned {
				t.Fatalf("warned %v, want %v:\n%s", warned, tc.warned, out)
			}
		})
	}
}

// TestServeRefusesWeakTLS offers the service, over TLS 1.2, only suites
// without authenticated encryption (CBC with SHA-1) or without forward
// secrecy (RSA key exchange): the handshake fails. AEAD suites and TLS 1.3
// are served.
func TestServeRefusesWeakTLS(t *testing.T) {
	ta := newEventWithPeople(t)
	t.Setenv("DESK_DESK_PIN", "246810")
	t.Setenv("DESK_SERVER_TLS", "self-signed")
	base, _, stop := runServe(t, ta, "https")
	defer stop()
	u, _ := url.Parse(base)
	for _, tc := range []struct {
		name   string
		suites []uint16
		max    uint16
		ok     bool
	}{
		{"CBC-SHA1", []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, tls.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
			tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, tls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA}, tls.VersionTLS12, false},
		{"CBC-SHA256", []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256}, tls.VersionTLS12, false},
		{"RSA key exchange", []uint16{tls.TLS_RSA_WITH_AES_128_GCM_SHA256, tls.TLS_RSA_WITH_AES_256_GCM_SHA384}, tls.VersionTLS12, false},
		{"ECDHE AES-GCM", []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}, tls.VersionTLS12, true},
		{"ECDHE ChaCha20", []uint16{tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256}, tls.VersionTLS12, true},
		{"TLS 1.3", nil, tls.VersionTLS13, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := tls.Dial("tcp", u.Host, &tls.Config{InsecureSkipVerify: true, CipherSuites: tc.suites, MaxVersion: tc.max})
			if err == nil {
				conn.Close()
			}
			if (err == nil) != tc.ok {
				t.Fatalf("handshake: %v, want it to succeed: %v", err, tc.ok)
			}
		})
	}
}

// TestServeChecksHost: desk serve answers under its own names and
// addresses and those of server.hosts, and refuses any other (421).
func TestServeChecksHost(t *testing.T) {
	ta := newEventWithPeople(t)
	t.Setenv("DESK_DESK_PIN", "246810")
	t.Setenv("DESK_SERVER_HOSTS", "accueil.example.org")
	base, _, stop := runServe(t, ta, "http")
	defer stop()
	u, _ := url.Parse(base)
	hostname, _ := os.Hostname()
	for host, want := range map[string]int{"evil.example": http.StatusMisdirectedRequest, u.Host: http.StatusOK,
		"localhost:" + u.Port(): http.StatusOK, hostname: http.StatusOK, "accueil.example.org": http.StatusOK} {
		req, _ := http.NewRequest("GET", base+"/desk", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, resp.StatusCode, want)
		}
	}
}

// TestServeSaysHowItPrints: an organiser is told at start what the desks
// that chose nothing do about badges, and warned when desk.yaml names a
// printer CUPS does not have, rather than wait for badges that never come.
func TestServeSaysHowItPrints(t *testing.T) {
	for _, c := range []struct{ printer, mode, want string }{
		{"", "on_checkin", "each desk chooses its printer on the desk page"},
		{"", "off", "printing badges: off"},
		{"No_Such_Queue", "button", "badges print when a desk presses Print, on the CUPS queue No_Such_Queue"},
		{"No_Such_Queue", "on_checkin", "No_Such_Queue wait in desk's queue until"},
	} {
		t.Run(c.mode+" "+c.printer, func(t *testing.T) {
			ta := newEventWithPeople(t)
			t.Setenv("DESK_DESK_PIN", "246810")
			t.Setenv("DESK_PRINTING_MODE", c.mode)
			t.Setenv("DESK_PRINTING_PRINTER", c.printer)
			_, out, stop := runServe(t, ta, "http")
			defer stop()
			if !strings.Contains(out.String(), c.want) {
				t.Fatalf("serve output lacks %q:\n%s", c.want, out)
			}
		})
	}
}

// TestServeWarnsWithoutIpptool: without ipptool desk cannot tell a badge
// cancelled in CUPS from one printed; the organiser is told what to
// install, and only when badges may print.
func TestServeWarnsWithoutIpptool(t *testing.T) {
	const want = "ipptool is not installed (Debian: apt install cups-ipp-utils)"
	for _, c := range []struct {
		mode   string
		warned bool
	}{{"on_checkin", true}, {"off", false}} {
		t.Run(c.mode, func(t *testing.T) {
			ta := newEventWithPeople(t)
			t.Setenv("DESK_DESK_PIN", "246810")
			t.Setenv("DESK_PRINTING_MODE", c.mode)
			t.Setenv("PATH", t.TempDir()) // no CUPS commands at all
			_, out, stop := runServe(t, ta, "http")
			stop()
			if strings.Contains(out.String(), want) != c.warned {
				t.Fatalf("warned %v, want %v:\n%s", !c.warned, c.warned, out)
			}
		})
	}
}

// TestWarnsOfAReadableTLSKey: a key of server.tls: files that others can
// read is named, with the command that fixes it; a private one is not.
func TestWarnsOfAReadableTLSKey(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "key.pem")
	os.WriteFile(key, []byte("-----BEGIN PRIVATE KEY-----"), 0o644)
	os.Chmod(key, 0o644)
	cfg := config.Config{Server: config.Server{TLS: "files", Key: key}}
	var out strings.Builder
	warnKeyReadable(&out, cfg)
	if !strings.Contains(out.String(), "chmod 600 "+key) || !strings.Contains(out.String(), "0644") {
		t.Fatalf("warning: %q", out.String())
	}
	os.Chmod(key, 0o600)
	out.Reset()
	if warnKeyReadable(&out, cfg); out.Len() != 0 {
		t.Fatalf("a private key warned: %q", out.String())
	}
}

// TestServeRefusesASheetForLabels: printing.layout names a label, one badge
// per page; a sheet of 8 would print every badge on an A4 page.
func TestServeRefusesASheetForLabels(t *testing.T) {
	ta := newEventWithPeople(t)
	t.Setenv("DESK_DESK_PIN", "246810")
	t.Setenv("DESK_SERVER_TLS", "off")
	t.Setenv("DESK_PRINTING_LAYOUT", "a4-8")
	_, err := ta.desk("serve", "--addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "printing.layout: a4-8 is a sheet of 8 badges") {
		t.Fatalf("serve with a sheet for labels: %v", err)
	}
}

// TestServeSaysWhatEachDeskChose: at start, each desk's choice is listed,
// and a fallback CUPS does not list is named as that desk's fallback.
func TestServeSaysWhatEachDeskChose(t *testing.T) {
	ta := newEventWithPeople(t)
	store, err := db.Open(context.Background(), ta.config().Database)
	if err != nil {
		t.Fatal(err)
	}
	choice := checkin.DeskPrinting{Desk: "Entrée A", Printer: "PDF", Fallback: "Gone_Queue", Mode: checkin.PrintOnButton, UpdatedAt: time.Now(), UpdatedBy: "organiser"}
	if err := store.SetDeskPrinting(context.Background(), choice); err != nil {
		t.Fatal(err)
	}
	store.Close()
	t.Setenv("DESK_DESK_PIN", "246810")
	_, out, stop := runServe(t, ta, "http")
	stop()
	for _, want := range []string{"Entrée A: button on PDF, fallback Gone_Queue", "Gone_Queue wait in desk's queue until"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("serve output lacks %q:\n%s", want, out)
		}
	}
}
