// Package printing sends badges to label printers through CUPS, driving its
// own lp and lpstat commands (never a shell), from a queue kept in the
// database: a printer that refuses jobs or is away loses no badge, and
// check-ins never wait for paper.
package printing

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ErrNotAccepting means the CUPS queue refuses jobs (cupsreject): the job
// stays in desk's queue and is sent again later.
var ErrNotAccepting = errors.New("the printer is not accepting jobs")

// CUPS runs lp and lpstat.
type CUPS struct {
	// Media asks for the label a badge is printed on (lp -o media), so that
	// CUPS picks the driver's matching label size whatever the queue's
	// default: see MediaFor. "" leaves the queue's default.
	Media string
}

// MediaFor names a label of w × h mm for CUPS, as a PWG self-describing
// size ("om_brother-dk-11202_62x100mm"). Label drivers (printer-driver-
// ptouch, printer-driver-dymo) describe their labels upright, the short
// side first; CUPS's pdftopdf turns a landscape badge onto them without
// scaling it.
func MediaFor(name string, w, h float64) string {
	short, long := min(w, h), max(w, h)
	size := strconv.FormatFloat(short, 'f', -1, 64) + "x" + strconv.FormatFloat(long, 'f', -1, 64) + "mm"
	clean := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, strings.ToLower(name))
	return "om_" + clean + "_" + size
}

// requestID reads lp's answer: "request id is PDF-12 (1 file(s))".
var requestID = regexp.MustCompile(`request id is (\S+)`)

// Submit sends a file to a queue and gives the CUPS job id.
func (c CUPS) Submit(ctx context.Context, printer, title, file string) (string, error) {
	args := []string{"-d", printer, "-t", title}
	if c.Media != "" {
		args = append(args, "-o", "media="+c.Media)
	}
	out, err := exec.CommandContext(ctx, "lp", append(args, "--", file)...).CombinedOutput()
	msg := strings.TrimSpace(string(out))
	if err != nil {
		if strings.Contains(msg, "not accepting jobs") {
			return "", fmt.Errorf("%w: %s", ErrNotAccepting, msg)
		}
		return "", fmt.Errorf("lp -d %s: %w: %s", printer, err, msg)
	}
	m := requestID.FindStringSubmatch(msg)
	if m == nil {
		return "", fmt.Errorf("lp -d %s: no request id in %q", printer, msg)
	}
	return m[1], nil
}

// Pending tells whether a CUPS job is not completed yet (lpstat -W
// not-completed). A job that left the queue without printing (cancelled
// by someone, aborted by the driver, its queue removed) is an ErrJobEnded.
func (CUPS) Pending(ctx context.Context, printer, job string) (bool, error) {
	out, err := exec.CommandContext(ctx, "lpstat", "-W", "not-completed", "-o", printer).Output()
	if err == nil && hasJob(out, job) {
		return true, nil
	}
	state, reasons, jerr := jobState(ctx, job)
	switch {
	case errors.Is(jerr, errNoSuchJob):
		return false, fmt.Errorf("%w: CUPS has no job %s any more (was its queue removed?)", ErrJobEnded, job)
	case jerr != nil && err != nil: // neither lpstat nor ipptool can say: CUPS is down
		return false, fmt.Errorf("lpstat -W not-completed -o %s: %w", printer, err)
	case jerr != nil, state == "completed":
		return false, nil // ipptool cannot say (not installed): lpstat no longer lists it
	case state == "canceled" || state == "aborted":
		return false, fmt.Errorf("%w: CUPS job %s %s (%s)", ErrJobEnded, job, state, reasons)
	}
	return true, nil // pending, held, processing or stopped
}

// ErrJobEnded means CUPS ended a job without printing it.
var ErrJobEnded = errors.New("CUPS ended the job without printing it")

// errNoSuchJob is ipptool's answer for a job CUPS does not know.
var errNoSuchJob = errors.New("no such CUPS job")

// getJobState is ipptool's request for a job's state.
const getJobState = `{
	OPERATION Get-Job-Attributes
	GROUP operation-attributes-tag
	ATTR charset attributes-charset utf-8
	ATTR language attributes-natural-language en
	ATTR uri job-uri $uri
	ATTR keyword requested-attributes job-state,job-state-reasons
	STATUS successful-ok
	DISPLAY job-state
	DISPLAY job-state-reasons
}
`

// jobState asks CUPS for a job's state and reasons by its id (ipptool,
// Get-Job-Attributes; cups-ipp-utils on Debian), whatever its queue.
func jobState(ctx context.Context, job string) (state, reasons string, err error) {
	n, err := strconv.Atoi(job[strings.LastIndexByte(job, '-')+1:])
	if err != nil {
		return "", "", fmt.Errorf("CUPS job %q: %w", job, err)
	}
	out, stderr, err := ipptool(ctx, fmt.Sprintf("jobs/%d", n), getJobState)
	if strings.Contains(string(out)+stderr, "does not exist") {
		return "", "", fmt.Errorf("%w: %s", errNoSuchJob, job)
	}
	if err != nil {
		return "", "", fmt.Errorf("ipptool, job %s: %w", job, err)
	}
	state, reasons = parseJobState(out)
	return state, reasons, nil
}

// parseJobState reads ipptool's CSV: a header, then "canceled,reasons".
func parseJobState(out []byte) (state, reasons string) {
	rows := csvRows(out)
	if len(rows) == 0 {
		return "", ""
	}
	state, reasons, _ = strings.Cut(rows[0], ",")
	return state, strings.Trim(reasons, `"`)
}

// getJobs is ipptool's request for a queue's jobs, done or not; the title
// comes last, as it may hold a comma.
const getJobs = `{
	OPERATION Get-Jobs
	GROUP operation-attributes-tag
	ATTR charset attributes-charset utf-8
	ATTR language attributes-natural-language en
	ATTR uri printer-uri $uri
	ATTR name requesting-user-name $user
	ATTR keyword which-jobs all
	ATTR keyword requested-attributes job-id,job-state,time-at-completed,job-name
	STATUS successful-ok
	DISPLAY job-id
	DISPLAY job-state
	DISPLAY time-at-completed
	DISPLAY job-name
}
`

// getJobName is ipptool's request for one job's title.
const getJobName = `{
	OPERATION Get-Job-Attributes
	GROUP operation-attributes-tag
	ATTR charset attributes-charset utf-8
	ATTR language attributes-natural-language en
	ATTR uri job-uri $uri
	ATTR name requesting-user-name $user
	ATTR keyword requested-attributes job-name
	STATUS successful-ok
	DISPLAY job-name
}
`

// Find gives the id ("PDF-12") of the job titled title on a queue, printed
// or on its way, that CUPS took at since or later, or "" when CUPS has
// none: ipptool, Get-Jobs.
func (CUPS) Find(ctx context.Context, printer, title string, since time.Time) (string, error) {
	out, _, err := ipptool(ctx, "printers/"+printer, getJobs)
	if err != nil {
		return "", fmt.Errorf("ipptool, jobs of %s: %w", printer, err)
	}
	n, err := findJob(out, title, since, func(id string) (string, error) { return jobName(ctx, id) })
	if n == "" || err != nil {
		return "", err
	}
	return printer + "-" + n, nil
}

// findJob reads ipptool's CSV of Get-Jobs ("id,state,completed,title"
// after a header) for the newest job titled title that was not cancelled
// or aborted. CUPS lists a job printed a minute ago or more, or before it
// restarted (the laptop switched off), without its title: those completed
// since are asked for theirs one by one (nameOf).
func findJob(out []byte, title string, since time.Time, nameOf func(id string) (string, error)) (string, error) {
	rows := csvRows(out)
	for i := len(rows) - 1; i >= 0; i-- { // newest first
		f := strings.SplitN(rows[i], ",", 4)
		if len(f) != 4 || f[1] == "canceled" || f[1] == "aborted" {
			continue
		}
		name := strings.Trim(f[3], `"`)
		if completed, err := strconv.ParseInt(f[2], 10, 64); name == "" && err == nil && completed >= since.Unix() {
			if name, err = nameOf(f[0]); err != nil {
				return "", err
			}
		}
		if name == title {
			return f[0], nil
		}
	}
	return "", nil
}

// jobName asks CUPS for a job's title by its id (Get-Job-Attributes loads
// what Get-Jobs no longer lists).
func jobName(ctx context.Context, id string) (string, error) {
	out, _, err := ipptool(ctx, "jobs/"+id, getJobName)
	if err != nil {
		return "", fmt.Errorf("ipptool, job %s: %w", id, err)
	}
	if rows := csvRows(out); len(rows) > 0 {
		return strings.Trim(rows[0], `"`), nil
	}
	return "", nil
}

// ipptool sends request (an ipptool test, cups-ipp-utils on Debian) to
// CUPS at path (jobs/12, printers/PDF) on CUPS_SERVER or this machine, and
// gives ipptool's CSV output, and its error output.
func ipptool(ctx context.Context, path, request string) (out []byte, stderr string, err error) {
	server := os.Getenv("CUPS_SERVER")
	if server == "" || strings.HasPrefix(server, "/") {
		server = "localhost"
	}
	cmd := exec.CommandContext(ctx, "ipptool", "-c", "ipp://"+server+"/"+path, "/dev/stdin")
	cmd.Stdin = strings.NewReader(request)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	out, err = cmd.Output()
	return out, errOut.String(), err
}

// csvRows are the rows of ipptool's CSV output, after its header.
func csvRows(out []byte) []string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 2 {
		return nil
	}
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return lines[1:]
}

// Stopped tells whether a queue is stopped (cupsdisable, or CUPS stopped
// it on an error: out of labels, cover open), with CUPS's message.
func (CUPS) Stopped(ctx context.Context, printer string) (string, bool, error) {
	out, err := exec.CommandContext(ctx, "lpstat", "-p", printer).Output()
	if err != nil {
		return "", false, fmt.Errorf("lpstat -p %s: %w", printer, err)
	}
	message, stopped := parseStopped(out)
	return message, stopped, nil
}

// parseStopped reads "printer PDF disabled since ... -" and the indented
// message lines that follow.
func parseStopped(out []byte) (message string, stopped bool) {
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if f := strings.Fields(line); len(f) > 2 && f[0] == "printer" {
			stopped = f[2] == "disabled"
			continue
		}
		if t := strings.TrimSpace(line); t != "" && (strings.HasPrefix(line, "\t") || strings.HasPrefix(line, " ")) {
			lines = append(lines, t)
		}
	}
	return strings.Join(lines, "; "), stopped
}

// Cancel cancels a CUPS job (to send it to another printer).
func (CUPS) Cancel(ctx context.Context, job string) error {
	if out, err := exec.CommandContext(ctx, "cancel", job).CombinedOutput(); err != nil {
		return fmt.Errorf("cancel %s: %w: %s", job, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// hasJob tells whether lpstat -o lists a job id first on one of its lines.
func hasJob(out []byte, job string) bool {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) > 0 && f[0] == job {
			return true
		}
	}
	return false
}

// Printers are the queues lpstat -p lists, and the default one ("" if none).
func (CUPS) Printers(ctx context.Context) (names []string, def string, err error) {
	out, err := exec.CommandContext(ctx, "lpstat", "-p", "-d").Output()
	if err != nil && len(out) == 0 {
		return nil, "", fmt.Errorf("lpstat -p -d: %w", err)
	}
	names, def = parsePrinters(out)
	return names, def, nil
}

// parsePrinters reads "printer PDF is idle. ..." and "system default
// destination: PDF" lines.
func parsePrinters(out []byte) (names []string, def string) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if f := strings.Fields(line); len(f) > 1 && f[0] == "printer" {
			names = append(names, f[1])
		}
		if d, ok := strings.CutPrefix(line, "system default destination: "); ok {
			def = strings.TrimSpace(d)
		}
	}
	return names, def
}
