package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/desk-event/desk/badges"
	"github.com/desk-event/desk/checkin"
	"github.com/desk-event/desk/config"
)

// badgeFlags select, order and place the badges of one print run.
type badgeFlags struct {
	out, layout, category, sort string
	codes                       []string
	unprinted, calibration      bool
	noCrop                      bool
	startAt, perFile            int
	offsetX, offsetY            float64
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
the code in readable groups under it. Names too long for the badge are
shrunk, then broken on two lines; the command lists any it had to print
smaller than readable, and names the font cannot draw.

Printing is recorded, so that --unprinted prints late registrants only.`,
		Example: `  desk badges --out badges.pdf
  desk badges --out late.pdf --unprinted
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
	fl.StringVar(&f.category, "category", "", "only this category")
	fl.BoolVar(&f.unprinted, "unprinted", false, "only badges never printed")
	fl.StringVar(&f.sort, "sort", "last-name", "order: last-name or organisation")
	fl.IntVar(&f.startAt, "start-at", 1, "first label to use on the first sheet, to finish a partly used sheet")
	fl.Float64Var(&f.offsetX, "offset-x", 0, "move everything right by this many mm (default: badges.offset_x)")
	fl.Float64Var(&f.offsetY, "offset-y", 0, "move everything down by this many mm (default: badges.offset_y)")
	fl.BoolVar(&f.noCrop, "no-crop-marks", false, "leave out crop marks on sheets to cut")
	fl.BoolVar(&f.calibration, "calibration", false, "print the layout's outlines on plain paper, to check alignment")
	fl.IntVar(&f.perFile, "per-file", 10000, "badges per PDF file; more are split into FILE-1.pdf, FILE-2.pdf...")
	return cmd
}

func (a *app) printBadges(ctx context.Context, cfg config.Config, f badgeFlags) error {
	layout, err := badgeLayout(cfg, f.layout)
	if err != nil {
		return err
	}
	opts, err := badgeOptions(cfg)
	if err != nil {
		return err
	}
	opts.StartAt, opts.OffsetX, opts.OffsetY, opts.NoCrop = f.startAt, f.offsetX, f.offsetY, f.noCrop
	if f.calibration {
		return writeAtomically(f.out, func(w io.Writer) error { return badges.Calibrate(w, layout, opts) })
	}
	store, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	all, err := store.Registrants(ctx)
	if err != nil {
		return err
	}
	people, err := selectBadges(all, f)
	if err != nil {
		return err
	}
	files, warnings, err := a.renderFiles(people, f, layout, opts, cfg.Event.Language)
	if err != nil {
		return err
	}
	ids := make([]int64, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	if err := store.MarkPrinted(ctx, ids, a.now()); err != nil {
		return fmt.Errorf("the PDF is written, but recording the printing failed: %w", err)
	}
	for _, file := range files {
		fmt.Fprintf(a.stdout, "Wrote %s: %d badges on %d pages.\n", file.path, file.badges, file.pages)
	}
	fmt.Fprintf(a.stdout, "Layout %s: %s. Print at actual size (100 %%, not \"fit to page\").\n", layout.Name, layout.Description)
	if len(warnings) > 0 {
		fmt.Fprintf(a.stdout, "\n%d badges print, but not as they should:\n", len(warnings))
		for _, w := range warnings {
			fmt.Fprintf(a.stdout, "  %s\n", w)
		}
	}
	return nil
}

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

// badgeFont is the font of desk.yaml, or the built-in one.
func badgeFont(cfg config.Config) (*badges.Font, error) {
	if cfg.Badges.Font == "" {
		return badges.DefaultFont(), nil
	}
	data, err := os.ReadFile(cfg.Badges.Font)
	if err != nil {
		return nil, fmt.Errorf("badges.font: %w", err)
	}
	font, err := badges.NewFont(data, data)
	if err != nil {
		return nil, fmt.Errorf("badges.font %s: not a TrueType font: %w", cfg.Badges.Font, err)
	}
	return font, nil
}

func badgeOptions(cfg config.Config) (badges.Options, error) {
	font, err := badgeFont(cfg)
	if err != nil {
		return badges.Options{}, err
	}
	o := badges.Options{EventName: cfg.Event.Name, Font: font, Colors: cfg.Badges.Colors}
	if cfg.Badges.Logo != "" {
		if o.Logo, err = os.ReadFile(cfg.Badges.Logo); err != nil {
			return o, fmt.Errorf("badges.logo: %w", err)
		}
	}
	return o, nil
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
	for _, r := range all {
		switch {
		case len(codes) > 0 && !slices.Contains(codes, r.Code):
		case r.Cancelled && len(codes) == 0:
		case f.category != "" && !strings.EqualFold(strings.TrimSpace(r.Category), strings.TrimSpace(f.category)):
		case f.unprinted && r.PrintCount > 0:
		default:
			out = append(out, r)
		}
	}
	if len(codes) > len(out) {
		return nil, fmt.Errorf("--code: %d of the codes given belong to nobody", len(codes)-len(out))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no badge to print: none of the %d registrants matches (cancelled registrations are left out)", len(all))
	}
	sortBadges(out, f.sort)
	return out, nil
}

// sortBadges orders people as a French reader expects ("Émile" with "E").
func sortBadges(people []checkin.Registrant, by string) {
	col := collate.New(language.French, collate.IgnoreCase, collate.IgnoreDiacritics)
	key := func(r checkin.Registrant) []string { return []string{r.LastName, r.FirstName, r.Organisation} }
	if by == "organisation" {
		key = func(r checkin.Registrant) []string { return []string{r.Organisation, r.LastName, r.FirstName} }
	}
	slices.SortStableFunc(people, func(a, b checkin.Registrant) int {
		ka, kb := key(a), key(b)
		for i := range ka {
			if c := col.CompareString(ka[i], kb[i]); c != 0 {
				return c
			}
		}
		return 0
	})
}

type writtenFile struct {
	path          string
	badges, pages int
}

// renderFiles writes the badges, split into files of f.perFile badges so
// that a 100,000-badge run needs no more memory than a 10,000-badge one.
func (a *app) renderFiles(people []checkin.Registrant, f badgeFlags, layout badges.Layout, opts badges.Options, lang string) ([]writtenFile, []badges.Warning, error) {
	list := make([]badges.Badge, len(people))
	for i, r := range people {
		days := make([]string, len(r.Days))
		for j, d := range r.Days {
			days[j] = d.Label(lang)
		}
		list[i] = badges.Badge{Code: string(r.Code), FirstName: r.FirstName, LastName: r.LastName,
			Organisation: r.Organisation, Category: r.Category, Days: days}
	}
	per := max(f.perFile, 1)
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
func writeAtomically(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".desk-*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
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
