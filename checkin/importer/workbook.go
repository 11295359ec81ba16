package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ErrNoSheet is wrapped when the sheet asked for is not in the file.
var ErrNoSheet = errors.New("no such sheet")

const (
	zipMagic = "PK\x03\x04"       // .xlsx, .ods and every other zip
	oleMagic = "\xD0\xCF\x11\xE0" // .xls, and .xlsx protected by a password

	// maxUnzipped bounds what a workbook may unpack to, so that a small zip
	// bomb cannot fill the memory.
	maxUnzipped = MaxExportSize
	// maxCells bounds the non-blank cells kept from a sheet: 100,000
	// registrants with 40 columns, with room to spare.
	maxCells = 5_000_000
	// maxScanned bounds the cells of an .xlsx looked at, empty or not.
	maxScanned = 4 * maxCells
	// maxColumns is the widest sheet Excel and LibreOffice make (XFD).
	maxColumns = 16384
)

// readWorkbook reads one sheet of an .xlsx or .ods workbook into records
// numbered as the spreadsheet numbers its rows. Other zips and the old .xls
// format are refused with a message saying what to do.
func readWorkbook(raw []byte, sheet string) (*Table, error) {
	if bytes.HasPrefix(raw, []byte(oleMagic)) {
		return nil, fmt.Errorf("%w: this is an old Excel workbook (.xls) or one protected by a password; open it and save it as .xlsx (without password) or as \"CSV UTF-8\"", ErrNotCSV)
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, fmt.Errorf("%w: this looks like a workbook or a zip archive, but it is damaged (%v); open it and save it again, or as \"CSV UTF-8\"", ErrNotCSV, err)
	}
	if unzipped(zr) > maxUnzipped {
		return nil, fmt.Errorf("%w: this file unpacks to more than %d MB, more than any registration export", ErrNotCSV, maxUnzipped>>20)
	}
	switch kind := zipKind(zr); kind {
	case "xlsx":
		return readXLSX(raw, sheet)
	case "ods":
		return readODS(zr, sheet)
	case "xlsb":
		return nil, fmt.Errorf("%w: this is an Excel binary workbook (.xlsb); open it and save it as .xlsx or as \"CSV UTF-8\"", ErrNotCSV)
	case "":
		return nil, fmt.Errorf("%w: this is a zip archive holding no spreadsheet; export the registrations as .xlsx, .ods or CSV", ErrNotCSV)
	default:
		return nil, fmt.Errorf("%w: this is %s, not a spreadsheet; export the registrations as .xlsx, .ods or CSV", ErrNotCSV, kind)
	}
}

// unzipped is the size a zip says its parts unpack to. archive/zip
// refuses to unpack a part beyond the size it declares, so this bounds
// what reading it can cost.
func unzipped(zr *zip.Reader) uint64 {
	var total uint64
	for _, f := range zr.File {
		total += min(f.UncompressedSize64, 1<<62)
		total = min(total, 1<<62)
	}
	return total
}

// zipKind tells what a zip holds from the names of its parts: "xlsx",
// "xlsb", "ods", "" for nothing known, or what the file is in words.
func zipKind(zr *zip.Reader) string {
	mimetype := ""
	for _, f := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))
		switch {
		case name == "xl/workbook.bin":
			return "xlsb"
		case strings.HasPrefix(name, "xl/"):
			return "xlsx"
		case strings.HasPrefix(name, "word/"):
			return "a Word document"
		case strings.HasPrefix(name, "ppt/"):
			return "a PowerPoint presentation"
		case name == "mimetype" && f.UncompressedSize64 < 100:
			if rc, err := f.Open(); err == nil {
				b, _ := io.ReadAll(io.LimitReader(rc, 100))
				rc.Close()
				mimetype = strings.TrimSpace(string(b))
			}
		}
	}
	switch {
	case mimetype == "application/vnd.oasis.opendocument.spreadsheet":
		return "ods"
	case strings.HasPrefix(mimetype, "application/vnd.oasis.opendocument."):
		return "an OpenDocument " + strings.TrimPrefix(mimetype, "application/vnd.oasis.opendocument.")
	case mimetype == "" && slices.ContainsFunc(zr.File, func(f *zip.File) bool { return f.Name == "content.xml" }):
		return "ods"
	}
	return ""
}

// readXLSX reads a sheet of an Office Open XML workbook with excelize:
// the one named, or the first that is not hidden.
// Cells come out formatted as Excel shows them: numbers in full, rounded
// to 15 digits as Excel does (0.1+0.2 is 0.3), dates in the sheet's
// format, TRUE and FALSE. Dates in the "short date" format of the
// computer's region, which every computer shows its own way, come out as
// 2026-10-14, which no reader takes for another day.
func readXLSX(raw []byte, sheet string) (*Table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(raw), excelize.Options{
		UnzipSizeLimit:    maxUnzipped,
		UnzipXMLSizeLimit: 16 << 20, // larger sheets are unpacked to a temporary file
		ShortDatePattern:  "yyyy-mm-dd",
	})
	if err != nil {
		return nil, fmt.Errorf("%w: this .xlsx workbook cannot be read (%v); open it and save it again, or as \"CSV UTF-8\"", ErrNotCSV, err)
	}
	defer f.Close()
	names := f.GetSheetList()
	name, err := pickSheet(names, sheet, func(n string) bool {
		visible, err := f.GetSheetVisible(n)
		return err == nil && visible
	})
	if err != nil {
		return nil, err
	}
	records, err := xlsxRecords(f, name)
	if err != nil {
		return nil, fmt.Errorf("%w: sheet %q of this .xlsx workbook: %v", ErrNotCSV, name, err)
	}
	return &Table{Encoding: sheetLabel("Excel workbook (.xlsx)", name, names), Records: records}, nil
}

// xlsxRecords reads the non-blank rows of a sheet, numbered as Excel
// numbers them.
func xlsxRecords(f *excelize.File, sheet string) ([]Record, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var records []Record
	cells, scanned := 0, 0
	for row := 1; rows.Next(); row++ { // Next stops on every row number, missing rows too
		fields, err := rows.Columns()
		if err != nil {
			return nil, err
		}
		// Empty formula cells far to the right widen a row without filling
		// it: bound the cells looked at too, not only the ones kept.
		if scanned += len(fields); scanned > maxScanned {
			return nil, fmt.Errorf("more than %d cells", maxScanned)
		}
		for i, v := range fields {
			fields[i] = strings.ReplaceAll(v, "\r\n", "\n")
		}
		if fields = trimBlankTail(fields); len(fields) == 0 {
			continue
		}
		if cells += len(fields); cells > maxCells {
			return nil, fmt.Errorf("more than %d cells", maxCells)
		}
		records = append(records, Record{Row: row, Fields: fields})
	}
	return records, rows.Error()
}

// pickSheet returns the sheet to read: the one named (spelled in any
// case), or the first visible one.
func pickSheet(names []string, want string, visible func(string) bool) (string, error) {
	if len(names) == 0 {
		return "", fmt.Errorf("%w: the workbook has no sheet", ErrNotCSV)
	}
	if want == "" {
		for _, n := range names {
			if visible(n) {
				return n, nil
			}
		}
		return names[0], nil
	}
	for _, n := range names {
		if n == want {
			return n, nil
		}
	}
	for _, n := range names {
		if strings.EqualFold(strings.TrimSpace(n), strings.TrimSpace(want)) {
			return n, nil
		}
	}
	return "", fmt.Errorf("%w: the workbook has no sheet %q; its sheets are %s", ErrNoSheet, want, quoteNames(names))
}

// sheetLabel says, for the import report, which sheet of which kind of
// workbook was read, and what other sheets it holds.
func sheetLabel(kind, name string, names []string) string {
	label := fmt.Sprintf("%s, sheet %q", kind, name)
	others := slices.DeleteFunc(slices.Clone(names), func(n string) bool { return n == name })
	if len(others) > 0 {
		label += fmt.Sprintf(" (also in the file: %s)", quoteNames(others))
	}
	return label
}

func quoteNames(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// trimBlankTail drops the empty cells at the end of a row; a blank row
// comes out empty.
func trimBlankTail(fields []string) []string {
	for len(fields) > 0 && blank(fields[len(fields)-1:]) {
		fields = fields[:len(fields)-1]
	}
	return fields
}
