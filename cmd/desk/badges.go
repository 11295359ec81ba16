package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/desk-event/desk/badges"
	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/config"
)

// badgeFlags select, order and place the badges of one print run.
type badgeFlags struct {
	out, layout, sort      string
	codes, categories      []string
	unprinted, calibration bool
	noCrop, preview        bool
	startAt, perFile       int
	offsetX, offsetY       float64
}

func (a *app) badgesCommand() *cobra.Command {
	var f badgeFlags
	var listLayouts bool
	cmd := &cobra.Command{
		Use:   "badges --out FILE.pdf",
		Short: "Print badge sheets or single badges as a PDF",
		Long: `Write the badges of everyone expected (cancelled registrations left out) to a PDF,
laid out for the stock you print on. Print it at actual size (100 %, not "fit to page").

Each badge has the event's name, the first name large, the last name, the
organisation, the days, a band in the category's colour, and a QR code with
the code in readable groups under it; with badges.show_sessions, the
sessions the person chose, in small type. Names too long for the badge are
shrunk, then broken on two lines; the command lists any it had to print
smaller than readable, and names the font cannot draw.

Printing is recorded, so that --unprinted prints late registrants only, and
a desk printing on arrival does not print those badges again; --preview
writes the PDF without recording it, to look at the badges first.`,
		Example: `  desk badges --out badges.pdf
  desk badges --out late.pdf --unprinted
  desk badges --out look.pdf --preview
  desk badges --out one.pdf --layout single --code "BCDF GHJK LNPR STUV XBCD"
  desk badges --out speakers.pdf --category intervenant --sort organisation
  desk badges --out rest.pdf --layout avery-l4785 --start-at 7
  desk badges --calibration --out calibration.pdf --layout avery-l4785`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if listLayouts {
				for _, l := range badges.Presets {
					fmt.Fprintf(a.stdout, "  %-14s %s\n", l.Name, l.Description)
				}
				fmt.Fprintf(a.stdout, "  %-14s %s\n", "custom", "your own stock, described under badges.custom in desk.yaml")
				return nil
			}
			if f.out == "" {
				return errors.New(`badges: say where to write the PDF with --out FILE.pdf`)
			}
			if err := f.check(); err != nil {
				return err
			}
			cfg, err := config.Load(a.configPath)
			if err != nil {
				return err
			}
			if !cmd.Flags().Changed("offset-x") {
				f.offsetX = cfg.Badges.OffsetX
			}
			if !cmd.Flags().Changed("offset-y") {
				f.offsetY = cfg.Badges.OffsetY
			}
			if f.layout == "" {
				f.layout = cfg.Badges.Layout
			}
			return a.printBadges(cmd.Context(), cfg, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.out, "out", "", "the PDF file to write")
	fl.StringVar(&f.layout, "layout", "", "sheet layout (default: badges.layout in desk.yaml; --layouts lists them)")
	fl.BoolVar(&listLayouts, "layouts", false, "list the layouts and stop")
	fl.StringSliceVar(&f.codes, "code", nil, "only the badge with this code (repeatable)")
	fl.StringSliceVar(&f.categories, "category", nil, "only this category (repeatable)")
	fl.BoolVar(&f.unprinted, "unprinted", false, "only badges never printed, or changed since they were")
	fl.BoolVar(&f.preview, "preview", false, "write the PDF without recording the badges as printed")
	fl.StringVar(&f.sort, "sort", "last-name", "order: last-name or organisation")
	fl.IntVar(&f.startAt, "start-at", 1, "first label to use on the first sheet, to finish a partly used sheet")
	fl.Float64Var(&f.offsetX, "offset-x", 0, "move everything right by this many mm (default: badges.offset_x)")
	fl.Float64Var(&f.offsetY, "offset-y", 0, "move everything down by this many mm (default: badges.offset_y)")
	fl.BoolVar(&f.noCrop, "no-crop-marks", false, "leave out crop marks on sheets to cut")
	fl.BoolVar(&f.calibration, "calibration", false, "print the layout's outlines on plain paper, to check alignment")
	fl.IntVar(&f.perFile, "per-file", 10000, "badges per PDF file; more are split into FILE-1.pdf, FILE-2.pdf...")
	return cmd
}

// check refuses flag values that would silently do something else.
func (f badgeFlags) check() error {
	switch {
	case f.sort != "last-name" && f.sort != "organisation":
		return fmt.Errorf("--sort %q: sort by last-name or organisation", f.sort)
	case f.perFile < 1:
		return fmt.Errorf("--per-file %d: give a number of badges of at least 1", f.perFile)
	case f.startAt < 1:
		return fmt.Errorf("--start-at %d: labels are numbered from 1", f.startAt)
	case max(f.offsetX, -f.offsetX, f.offsetY, -f.offsetY) > 10:
		return fmt.Errorf("--offset-x/--offset-y %+.1f, %+.1f mm: calibration offsets are a few millimetres (at most 10)", f.offsetX, f.offsetY)
	}
	return nil
}

func (a *app) printBadges(ctx context.Context, cfg config.Config, f badgeFlags) error {
	layout, err := badgeLayout(cfg, f.layout)
	if err != nil {
		return err
	}
	opts, err := badgeOptions(cfg, a.systemFonts())
	if err != nil {
		return err
	}
	opts.StartAt, opts.OffsetX, opts.OffsetY, opts.NoCrop = f.startAt, f.offsetX, f.offsetY, f.noCrop
	if f.calibration {
		if err := writeAtomically(f.out, func(w io.Writer) error { return badges.Calibrate(w, layout, opts) }); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "Wrote %s: the outlines of a %s sheet. Print it at actual size on plain paper and hold it against a sheet of labels.\n", f.out, layout.Name)
		return nil
	}
	store, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	if os.Getenv("GOGC") == "" { // the user's setting, if any, wins
		defer debug.SetGCPercent(debug.SetGCPercent(badgesGCPercent))
	}
	all, err := store.Registrants(ctx)
	if err != nil {
		return err
	}
	if f.unprinted {
		if all, err = a.leaveOutWaiting(ctx, store, all); err != nil {
			return err
		}
	}
	people, err := selectBadges(all, f)
	if err != nil {
		return err
	}
	files, warnings, err := a.renderFiles(people, f, layout, opts, badgeMaker(cfg))
	if err != nil {
		return err
	}
	if !f.preview {
		ids := make([]int64, len(people))
		for i, p := range people {
			ids[i] = p.ID
		}
		// Written, so recorded even if Ctrl-C comes now; and go-sqlite3 starts no
		// goroutine per update to watch a context that cannot be cancelled.
		if err := store.MarkPrinted(context.WithoutCancel(ctx), ids, a.now()); err != nil {
			return fmt.Errorf("the PDF is written, but recording the printing failed: %w", err)
		}
	}
	for _, file := range files {
		fmt.Fprintf(a.stdout, "Wrote %s: %s on %s.\n", file.path, plural(file.badges, "badge"), plural(file.pages, "page"))
	}
	if f.preview {
		fmt.Fprintln(a.stdout, "A preview: not recorded as printed (--unprinted and printing on arrival still count these badges as not printed).")
	}
	for _, r := range people {
		if r.Cancelled {
			fmt.Fprintf(a.stdout, "Note: %s's registration is cancelled (printed because --code asked for it).\n", r.FullName())
		}
	}
	if changed := countChanged(people); changed > 0 {
		fmt.Fprintf(a.stdout, "%s printed before, but changed since (new details from an import): reprint and replace them.\n", plural(changed, "badge was", "badges were"))
	}
	fmt.Fprintf(a.stdout, "Layout %s: %s. Print at actual size (100 %%, not \"fit to page\").\n", layout.Name, layout.Description)
	if len(warnings) > 0 {
		fmt.Fprintln(a.stdout, "\nPrinted, but not as they should:")
		for _, w := range warnings {
			fmt.Fprintf(a.stdout, "  %s\n", w)
		}
	}
	return nil
}

// badgesGCPercent is the garbage collector's setting while badges are
// printed. gofpdf keeps every page until it writes the file, so the
// default's ~20 collections for 10,000 badges find little to free, and
// each spins on the other core while gofpdf clears one of its large
// buffers. At 200 there are ~10, for ~10 % more memory (BENCHMARKS.md).
const badgesGCPercent = 200

// badgeLayout is the preset named, or the custom layout of desk.yaml.
func badgeLayout(cfg config.Config, name string) (badges.Layout, error) {
	if name != "custom" {
		return badges.Preset(name)
	}
	c := cfg.Badges.Custom
	l := badges.Layout{Name: "custom", Description: fmt.Sprintf("badges.custom in desk.yaml (%g × %g mm)", c.Width, c.Height),
		PageWidth: c.PageWidth, PageHeight: c.PageHeight, Width: c.Width, Height: c.Height, Columns: c.Columns, Rows: c.Rows,
		Left: c.Left, Top: c.Top, GapX: c.GapX, GapY: c.GapY, CropMarks: c.CropMarks}
	if err := l.Validate(); err != nil {
		return l, fmt.Errorf("badges.custom: %w", err)
	}
	return l, nil
}

// badgeFont is the font of desk.yaml for what the built-in font cannot
// draw, or nil when there is none.
func badgeFont(cfg config.Config) (*badges.Font, error) {
	if cfg.Badges.Font == "" {
		return nil, nil
	}
	data, err := os.ReadFile(cfg.Badges.Font)
	if err != nil {
		return nil, fmt.Errorf("badges.font: %w", err)
	}
	font, err := badges.NewFont(data, data)
	if err != nil {
		return nil, fmt.Errorf("badges.font %s: %w", cfg.Badges.Font, err)
	}
	return font, nil
}

func badgeOptions(cfg config.Config, system *badges.SystemFonts) (badges.Options, error) {
	font, err := badgeFont(cfg)
	if err != nil {
		return badges.Options{}, err
	}
	o := badges.Options{EventName: cfg.Event.Name, Font: font, System: system, Colors: cfg.Badges.Colors,
		SurnameCase: badges.SurnameCase(cfg.Badges.SurnameCase)}
	if cfg.Badges.Logo != "" {
		if o.Logo, err = os.ReadFile(cfg.Badges.Logo); err != nil {
			return o, fmt.Errorf("badges.logo: %w", err)
		}
	}
	return o, nil
}

// plural writes "1 badge", "2 badges"; with two forms, the second is the plural.
func plural(n int, forms ...string) string {
	if len(forms) == 1 {
		forms = append(forms, forms[0]+"s")
	}
	if n == 1 {
		return fmt.Sprintf("%d %s", n, forms[0])
	}
	return fmt.Sprintf("%d %s", n, forms[1])
}

// selectBadges picks and orders the people of a print run.
func selectBadges(all []checkin.Registrant, f badgeFlags) ([]checkin.Registrant, error) {
	var codes []checkin.Code
	for _, c := range f.codes {
		code, err := checkin.NormalizeCode(c)
		if err != nil {
			return nil, fmt.Errorf("--code: %q is not a badge code (20 letters, as printed under the QR code)", c)
		}
		codes = append(codes, code)
	}
	var out []checkin.Registrant
	found := map[checkin.Code]bool{}
	inCategory := categoryMatcher(f.categories)
	for _, r := range all {
		switch {
		case len(codes) > 0 && !slices.Contains(codes, r.Code):
		case r.Cancelled && len(codes) == 0:
		case len(f.categories) > 0 && !inCategory(r.Category):
		case f.unprinted && r.PrintCount > 0 && !changedSincePrinted(r):
		default:
			out = append(out, r)
			found[r.Code] = true
		}
	}
	for i, c := range codes {
		if !found[c] {
			return nil, fmt.Errorf("--code %q belongs to nobody", f.codes[i])
		}
	}
	expected := slices.ContainsFunc(all, func(r checkin.Registrant) bool { return !r.Cancelled })
	switch {
	case len(out) == 0 && f.unprinted && len(codes) == 0 && len(f.categories) == 0 && expected:
		return nil, errors.New("no badge to print: every badge is printed (or waits at a desk's printer) and none changed since; no file written")
	case len(out) == 0:
		return nil, fmt.Errorf("no badge to print: none of the %d registrants matches (cancelled registrations are left out)", len(all))
	}
	sortBadges(out, f.sort)
	return out, nil
}

type writtenFile struct {
	path          string
	badges, pages int
}

// renderFiles writes the badges, split into files of f.perFile badges so
// that a 100,000-badge run needs no more memory than a 10,000-badge one.
func (a *app) renderFiles(people []checkin.Registrant, f badgeFlags, layout badges.Layout, opts badges.Options, badgeOf func(checkin.Registrant) badges.Badge) ([]writtenFile, []badges.Warning, error) {
	list := make([]badges.Badge, len(people))
	for i, r := range people {
		list[i] = badgeOf(r)
	}
	per := (max(f.perFile, 1) + layout.PerPage() - 1) / layout.PerPage() * layout.PerPage() // whole sheets
	parts := (len(list) + per - 1) / per
	progress := a.progress(len(list))
	var files []writtenFile
	var warnings []badges.Warning
	for p := 0; p < parts; p++ {
		chunk := list[p*per : min(len(list), (p+1)*per)]
		path := f.out
		if parts > 1 {
			ext := filepath.Ext(f.out)
			path = fmt.Sprintf("%s-%d%s", strings.TrimSuffix(f.out, ext), p+1, ext)
		}
		o := opts
		if p > 0 {
			o.StartAt = 1
		}
		done := p * per
		o.Progress = func(n, _ int) { progress(done + n) }
		var res badges.Result
		err := writeAtomically(path, func(w io.Writer) error {
			var err error
			res, err = badges.Render(w, chunk, layout, o)
			return err
		})
		if err != nil {
			return nil, nil, err
		}
		files = append(files, writtenFile{path, len(chunk), res.Pages})
		warnings = append(warnings, res.Warnings...)
	}
	return files, warnings, nil
}

// dayLabels names the days on a badge: each day, or for three or more
// days in a row, the first and the last ("lun. 12 – ven. 16 oct.").
func dayLabels(days []checkin.Day, lang string) []string {
	consecutive := len(days) >= 3
	for i := 1; i < len(days) && consecutive; i++ {
		consecutive = days[i-1].Time().AddDate(0, 0, 1).Equal(days[i].Time())
	}
	if consecutive {
		return []string{days[0].Label(lang) + " – " + days[len(days)-1].Label(lang)}
	}
	out := make([]string, len(days))
	for i, d := range days {
		out[i] = d.Label(lang)
	}
	return out
}

// progress returns a function that shows a progress line on stderr when
// stderr is a terminal and the run is long enough to wait for.
func (a *app) progress(total int) func(done int) {
	f, ok := a.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) || total < 2000 {
		return func(int) {}
	}
	start := a.now()
	return func(done int) {
		fmt.Fprintf(f, "\rbadges: %d / %d (%s)", done, total, a.now().Sub(start).Round(time.Second))
		if done == total {
			fmt.Fprintln(f)
		}
	}
}

// writeAtomically writes a file through a temporary file in the same
// folder, so that a failure never leaves half a PDF under the real name.
// Every file desk writes goes through it: badges, reports, certificates
// and fallback lists hold personal data, so the file is readable by its
// owner only, whatever the umask and the mode of a file it replaces.
func writeAtomically(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".desk-*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: the folder %s cannot be written (%w)", path, filepath.Dir(path), errors.Unwrap(err))
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(privateFile); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
