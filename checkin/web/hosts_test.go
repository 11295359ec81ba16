package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/desk-event/desk/checkin/web"
)

// TestHostIsChecked: a request naming a host the service is not reached
// by (a page elsewhere whose name resolves to the laptop: DNS rebinding)
// gets 421 and a text saying what to do; the names and addresses given
// are answered, whatever their case, port or final dot.
func TestHostIsChecked(t *testing.T) {
	store, _ := openEvent(t, filepath.Join(t.TempDir(), "desk.db"))
	srv := httptest.NewServer(web.New(web.Options{Store: store, Credentials: secret,
		Hosts: []string{"localhost", "127.0.0.1", "::1", "accueil.example.org"}}).Handler())
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	for _, tc := range []struct {
		host string
		want int
	}{
		{"evil.example", http.StatusMisdirectedRequest},
		{"evil.example:" + port, http.StatusMisdirectedRequest},
		{"127.0.0.2:" + port, http.StatusMisdirectedRequest},
		{"localhost.evil.example", http.StatusMisdirectedRequest},
		{"127.0.0.1:" + port, http.StatusOK},
		{"localhost:" + port, http.StatusOK},
		{"[::1]:" + port, http.StatusOK},
		{"ACCUEIL.example.org.", http.StatusOK},
	} {
		t.Run(tc.host, func(t *testing.T) {
			for _, path := range []string{"/desk", "/api/session"} {
				req, _ := http.NewRequest("GET", srv.URL+path, nil)
				req.Host = tc.host
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				switch {
				case tc.want == http.StatusMisdirectedRequest && (resp.StatusCode != tc.want || !strings.Contains(string(body), "server.hosts")):
					t.Errorf("GET %s with Host %s: %d %q, want 421 saying what to do", path, tc.host, resp.StatusCode, body)
				case tc.want == http.StatusOK && path == "/desk" && resp.StatusCode != http.StatusOK,
					tc.want == http.StatusOK && path == "/api/session" && resp.StatusCode != http.StatusUnauthorized:
					t.Errorf("GET %s with Host %s: %d, want it answered as usual", path, tc.host, resp.StatusCode)
				}
			}
		})
	}
}
