package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/desk-event/desk/badges"
	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/checkin/web"
	"github.com/desk-event/desk/config"
	"github.com/desk-event/desk/db"
)

func (a *app) serveCommand() *cobra.Command {
	var addr, today string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the check-in service: desk page, dashboard and API on the venue network",
		Long: `Run the check-in service on the venue network, until Ctrl-C.

  /desk       the desk page: door staff log in with the desk PIN and a desk
              name ("Entrée A"; empty gives "Poste 1", "Poste 2"...), then
              scan badges (scanner or phone camera), search by name, undo,
              add walk-ins, choose the desk's label printer and print or
              reprint badges on it.
  /dashboard  the organiser's live counts (admin password): arrived and
              expected by category and organisation, arrivals over time,
              the latest arrivals, the day's report (PDF, CSV), when each
              desk prints badges and the print jobs, and a QR code that
              opens the desk page on a phone.
  /api/...    the JSON API the pages use, for other clients too (README):
              login, check-ins and undo, search, walk-ins, stats, events,
              printers and print jobs.

Badges print on label printers through CUPS (lp, lpstat): printing.printer,
printing.mode and printing.layout (a label, one badge per page) are the
defaults for desks that chose nothing. Each desk chooses its printer and a
fallback on the desk page, the organiser its mode on the dashboard; serve
lists these choices at start and warns about printers CUPS does not list.
Jobs wait in desk's own queue while a printer refuses them, or go to the
desk's fallback.

Check-ins are recorded on today's date in event.timezone, or on the day
given with --today. It listens on server.addr (":8080": every network
interface), or on --addr, and prints the addresses to open. With server.tls
set to self-signed or files it serves HTTPS, which phones need for their
camera. Logins last server.session_hours and survive a restart; the
database is copied every backup.every into backup.folder while it runs.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := config.Load(a.configPath)
			if err != nil {
				return err
			}
			if addr != "" {
				cfg.Server.Addr = addr
			}
			return a.serve(cmd.Context(), cfg, today)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "", "HOST:PORT to listen on (default: server.addr in desk.yaml)")
	cmd.Flags().StringVar(&today, "today", "", "the event day to record check-ins on, YYYY-MM-DD (default: today in the event's time zone)")
	return cmd
}

func (a *app) serve(ctx context.Context, cfg config.Config, todayFlag string) error {
	day := func() checkin.Day { return checkin.Day(a.now().In(cfg.Location()).Format(time.DateOnly)) }
	if todayFlag != "" {
		d, err := checkin.ParseDay(todayFlag)
		if err != nil {
			return fmt.Errorf("--today: %w", err)
		}
		day = func() checkin.Day { return d }
	}
	c := cfg.Auth
	if c.AdminPassword == "" && c.AdminPasswordHash == "" || c.DeskPIN == "" && c.DeskPINHash == "" {
		return errors.New("no admin password or desk PIN: run desk init, or set DESK_ADMIN_PASSWORD and DESK_DESK_PIN")
	}
	if err := a.prepareBackups(cfg.Backup.Folder, cfg.Backup.Every > 0); err != nil {
		return err
	}
	store, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	log := slog.New(slog.NewTextHandler(a.stderr, nil))
	badgeOpts, err := badgeOptions(cfg, a.systemFonts())
	if err != nil {
		return err
	}
	single, _ := badges.Preset("single")
	badgeOf := badgeMaker(cfg)
	printBadge := func(w io.Writer, r checkin.Registrant) error { // a walk-in's or a lost badge, at the desk
		_, err := badges.Render(w, []badges.Badge{badgeOf(r)}, single, badgeOpts)
		return err
	}
	report := func(w io.Writer, format string, day checkin.Day) error {
		data, err := loadDays(context.Background(), cfg, store, []checkin.Day{day})
		if err != nil {
			return err
		}
		if format == "csv" {
			return checkin.WriteAttendanceCSV(w, data.rows, cfg.Location(), attendanceColumns(cfg))
		}
		return badges.RenderDocument(w, attendanceDocument(cfg, data.summaries(cfg), a.now()))
	}
	// The print worker and the backups end before the store closes: a
	// badge CUPS took is recorded, a backup is finished.
	work, stopWork := context.WithCancel(ctx)
	var running sync.WaitGroup
	defer a.waitFor(&running)
	defer stopWork()
	printers, err := a.startPrinting(work, &running, cfg, store, log)
	if err != nil {
		return err
	}
	newServer := func(secure bool, pairing string, hosts []string) *web.Server {
		return web.New(web.Options{Store: store, Hosts: hosts, EventName: cfg.Event.Name, Badge: printBadge, Report: report, Secure: secure, PairingSVG: pairing, Location: cfg.Location(), Policy: checkin.HealthPassPolicy(cfg.HealthPass), Today: day, Now: a.now, Rand: a.rand, Log: log,
			SessionLife: time.Duration(cfg.Server.SessionHours) * time.Hour, WalkInCategory: cfg.WalkIns.Category,
			Sessions: sessionsOf(cfg), RequireEntrance: cfg.CheckinRules.SessionRequiresEntrance, Printing: printers, PrintDefaults: printDefaults(cfg),
			Credentials: web.Credentials{AdminPasswordHash: c.AdminPasswordHash, DeskPINHash: c.DeskPINHash, AdminPassword: c.AdminPassword, DeskPIN: c.DeskPIN}})
	}
	ln, err := net.Listen("tcp", cfg.Server.Addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w (another program uses the port? choose another with --addr)", cfg.Server.Addr, err)
	}
	scheme := "http"
	if cfg.Server.TLS != "off" {
		cert, err := serverCertificate(cfg, ln.Addr().(*net.TCPAddr), a.now())
		if err != nil {
			ln.Close()
			return err
		}
		ln, scheme = tls.NewListener(ln, web.TLSConfig(cert)), "https"
	}
	warnPlainHTTP(a.stderr, cfg, ln.Addr().(*net.TCPAddr))
	warnKeyReadable(a.stderr, cfg)
	urls := pageURLs(scheme, ln.Addr().(*net.TCPAddr))
	pairing, err := badges.QRCodeSVG(urls[len(urls)-1] + "/desk")
	if err != nil {
		return err
	}
	srv := newServer(scheme == "https", pairing, servedHosts(cfg, ln.Addr().(*net.TCPAddr)))
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second}
	hs.RegisterOnShutdown(srv.Close) // open dashboards' event streams end, so that stopping does not wait for them
	fmt.Fprintf(a.stdout, "desk serve: %s, check-ins recorded on %s.\n", cfg.Event.Name, day())
	for _, u := range urls {
		fmt.Fprintf(a.stdout, "  desk page: %s/desk   (API at %s/api)\n", u, u)
	}
	fmt.Fprintf(a.stdout, "  dashboard: %s/dashboard   (the organiser's password)\n", urls[len(urls)-1])
	a.announcePrinting(ctx, cfg, store, printers)
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	running.Go(func() { a.backupEvery(work, cfg, store, log) })
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return fmt.Errorf("stopping: %w", err)
	}
	fmt.Fprintln(a.stdout, "desk serve: stopped")
	return nil
}

// pageURLs are the addresses at which the desks reach the service: the
// address listened on, or, when that is every interface, this machine's
// own and its addresses on the venue network.
func pageURLs(scheme string, addr *net.TCPAddr) []string {
	if !addr.IP.IsUnspecified() {
		return []string{scheme + "://" + addr.String()}
	}
	urls := []string{fmt.Sprintf("%s://localhost:%d", scheme, addr.Port)}
	for _, ip := range lanAddresses() {
		urls = append(urls, fmt.Sprintf("%s://%s:%d", scheme, ip, addr.Port))
	}
	return urls
}

// lanAddresses are this machine's IPv4 addresses on its networks.
func lanAddresses() []string {
	var out []string
	ifaces, _ := net.InterfaceAddrs()
	for _, ia := range ifaces {
		if n, ok := ia.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() {
			out = append(out, n.IP.String())
		}
	}
	return out
}

// serverCertificate is the certificate of server.tls: from files, or
// self-signed for this machine's names and addresses, kept beside the
// database.
func serverCertificate(cfg config.Config, addr *net.TCPAddr, now time.Time) (tls.Certificate, error) {
	if cfg.Server.TLS == "files" {
		cert, err := tls.LoadX509KeyPair(cfg.Server.Cert, cfg.Server.Key)
		if err != nil {
			return cert, fmt.Errorf("server.cert/server.key: %w", err)
		}
		return cert, nil
	}
	hosts := append([]string{"localhost", "127.0.0.1"}, lanAddresses()...)
	if !addr.IP.IsUnspecified() && !slices.Contains(hosts, addr.IP.String()) {
		hosts = append(hosts, addr.IP.String())
	}
	if name, err := os.Hostname(); err == nil {
		hosts = append(hosts, name)
	}
	cert, err := web.SelfSigned(filepath.Dir(cfg.Database), hosts, now)
	if err != nil {
		return cert, fmt.Errorf("server.tls self-signed: %w", err)
	}
	return cert, nil
}

// waitFor waits for serve's workers to end, at most stopWait: lp hanging
// on a CUPS that does not answer must not keep the laptop from stopping.
func (a *app) waitFor(running *sync.WaitGroup) {
	ended := make(chan struct{})
	go func() { running.Wait(); close(ended) }()
	select {
	case <-ended:
	case <-time.After(stopWait):
		fmt.Fprintf(a.stderr, "warning: stopped without waiting longer for lp, which did not answer in %s: the badge it was sending is looked for in CUPS at the next start\n", stopWait)
	}
}

// stopWait is how long stopping waits for a badge being sent to CUPS.
const stopWait = 15 * time.Second

// backupEvery writes a checked copy of the database every backup.every
// into backup.folder while the service runs, so that a lost laptop loses
// at most that much. Failures are logged; the service goes on.
func (a *app) backupEvery(ctx context.Context, cfg config.Config, store *db.DB, log *slog.Logger) {
	if cfg.Backup.Every <= 0 {
		return
	}
	if err := makePrivateFolder(cfg.Backup.Folder); err != nil {
		log.Error("backup folder", "err", err)
		return
	}
	tick := time.NewTicker(cfg.Backup.Every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			path := filepath.Join(cfg.Backup.Folder, "desk-"+a.now().In(cfg.Location()).Format("2006-01-02-150405")+".db")
			if err := store.Backup(ctx, path); err != nil {
				log.Error("backup", "err", err)
				continue
			}
			log.Info("backup", "file", path)
		}
	}
}
