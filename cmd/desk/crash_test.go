package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/db"
)

// buildDesk compiles the desk binary for tests that run it as a process.
func buildDesk(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "desk")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startServe starts desk serve as a process and returns its base URL.
func startServe(t *testing.T, bin, config string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, "--config", config, "serve", "--addr", "127.0.0.1:0", "--today", "2026-10-14")
	cmd.Env = append(os.Environ(), "DESK_DESK_PIN=246810", "DESK_BACKUP_EVERY=0", "DESK_SERVER_TLS=off")
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = nil
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if m := regexp.MustCompile(`(http://\S+)/api`).FindStringSubmatch(lines.Text()); m != nil {
			go func() {
				for lines.Scan() {
				}
			}()
			return cmd, m[1]
		}
	}
	t.Fatal("desk serve did not start")
	return nil, ""
}

// deskClient logs a desk in; nil when the service was killed first (a
// login writes its session to the file, so it can be cut off too). It runs
// in the desks' goroutines: no t.Fatal.
func deskClient(t *testing.T, base string) *http.Client {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, err := c.Post(base+"/api/login", "application/json", strings.NewReader(`{"pin":"246810"}`))
	if err != nil {
		return nil // killed before this desk logged in: it acknowledged nothing
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("login: %s", resp.Status)
		return nil
	}
	return c
}

// TestCheckInsSurviveSIGKILL drives check-ins from 16 clients, kills the
// service with SIGKILL in the middle, restarts it, and checks that every
// acknowledged check-in is in the file, once, and that a retry of it with
// the same nonce gets the same check-in back. Three times, at different
// moments.
func TestCheckInsSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary")
	}
	bin := buildDesk(t)
	ta := newTestApp(t)
	ta.mustDesk("init", "--name", "Crash test", "--days", "2026-10-14")
	var csv strings.Builder
	csv.WriteString("Prénom;Nom;Email\n")
	for i := 0; i < 600; i++ {
		fmt.Fprintf(&csv, "P%d;Nom%d;p%d@example.fr\n", i, i, i)
	}
	ta.mustDesk("import", ta.write("r.csv", csv.String()))
	codes := []string{}
	for _, r := range ta.registrants() {
		codes = append(codes, string(r.Code))
	}
	config := filepath.Join(ta.dir, "desk.yaml")
	type ack struct {
		code, nonce string
		id          float64
	}
	var acked []ack
	for round, killAfter := range []time.Duration{150 * time.Millisecond, 400 * time.Millisecond, 50 * time.Millisecond} {
		cmd, base := startServe(t, bin, config)
		var mu sync.Mutex
		var wg sync.WaitGroup
		for w := 0; w < 16; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := deskClient(t, base)
				if c == nil {
					return
				}
				for i := w; i < 200; i += 16 {
					code := codes[round*200+i]
					nonce := fmt.Sprintf("r%d-%d", round, i)
					resp, err := c.Post(base+"/api/checkins", "application/json", strings.NewReader(`{"code":"`+code+`","nonce":"`+nonce+`"}`))
					if err != nil {
						return // killed: this one was never acknowledged
					}
					var v map[string]any
					json.NewDecoder(resp.Body).Decode(&v)
					resp.Body.Close()
					if v["outcome"] == "checked_in" {
						mu.Lock()
						acked = append(acked, ack{code, nonce, v["check_in"].(map[string]any)["id"].(float64)})
						mu.Unlock()
					}
				}
			}()
		}
		time.Sleep(killAfter)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		wg.Wait()
	}
	if len(acked) == 0 {
		t.Fatal("no check-in was acknowledged before the kills: the test proves nothing")
	}
	store, err := db.Open(context.Background(), filepath.Join(ta.dir, "desk.db"))
	if err != nil {
		t.Fatalf("the database does not open after the kills: %v", err)
	}
	stats, _ := store.Stats(context.Background(), "2026-10-14")
	for _, a := range acked {
		res, err := store.Scan(context.Background(), checkin.ScanRequest{Input: a.code, Day: "2026-10-14", Desk: "retry", Nonce: a.nonce,
			At: time.Now(), Policy: checkin.HealthPassOff})
		if err != nil || res.Outcome != checkin.CheckedIn || float64(res.CheckIn.ID) != a.id {
			t.Fatalf("acknowledged check-in of %s (id %v) after the kills: %v, %+v", a.code, a.id, err, res.CheckIn)
		}
	}
	store.Close()
	if stats.Arrived < len(acked) {
		t.Fatalf("%d arrivals in the file, %d acknowledged", stats.Arrived, len(acked))
	}
	t.Logf("%d check-ins acknowledged over three kills; all in the file, none doubled (%d arrivals)", len(acked), stats.Arrived)
}

// TestImportKilledMidway kills desk import in the middle of a large
// export: the database holds all of it or none of it.
func TestImportKilledMidway(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary")
	}
	bin := buildDesk(t)
	ta := newTestApp(t)
	ta.mustDesk("init", "--name", "Crash test", "--days", "2026-10-14")
	ta.mustDesk("import", ta.write("small.csv", "Prénom;Nom;Email\nAnne;Petit;a@x.fr\n"))
	var csv strings.Builder
	csv.WriteString("Prénom;Nom;Email\nAnne;Petit;a@x.fr\n")
	for i := 0; i < 60000; i++ {
		fmt.Fprintf(&csv, "P%d;Nom%d;p%d@example.fr\n", i, i, i)
	}
	big := ta.write("big.csv", csv.String())
	config := filepath.Join(ta.dir, "desk.yaml")
	for _, killAfter := range []time.Duration{300 * time.Millisecond, 700 * time.Millisecond} {
		cmd := exec.Command(bin, "--config", config, "import", big)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(killAfter)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		n := len(ta.registrants())
		if n != 1 && n != 60001 {
			t.Fatalf("after killing the import: %d registrants, want 1 (none of it) or 60001 (all of it)", n)
		}
	}
}
