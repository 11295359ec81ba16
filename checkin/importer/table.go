package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// MaxExportSize is the largest export ReadTable accepts. 100,000
// registrants with a dozen columns is about 20 MB.
const MaxExportSize = 256 << 20

// ErrNotCSV is wrapped by every ReadTable error that means "this file is not
// a registration export we can read", as opposed to an I/O failure.
var ErrNotCSV = errors.New("not a CSV export")

// Table is a registration export decoded to text and split into records,
// whatever its encoding and separator.
type Table struct {
	Encoding  string // how the bytes were decoded (or which sheet was read), for the import report
	Separator rune   // 0 for a workbook
	Records   []Record
}

// Record is one non-blank line of the export. Row is the row number the
// organiser sees when opening the file in a spreadsheet, so that a rejection
// can be found and fixed.
type Record struct {
	Row    int
	Fields []string
}

// ReadTable reads a whole export. It detects UTF-8 (with or without BOM),
// UTF-16 (Excel's "Unicode text") and Windows-1252 (French Excel's "CSV"),
// the separator among comma, semicolon, tab and pipe, and CR, LF or CRLF line
// ends. Blank rows (including rows of empty fields) are dropped; ragged
// rows are kept as they are. An .xlsx or .ods workbook is read too: its
// first sheet, each cell as the spreadsheet shows it.
func ReadTable(r io.Reader) (*Table, error) { return ReadSheet(r, "") }

// ReadSheet is ReadTable reading the sheet of a workbook named sheet (""
// for the first one). Naming a sheet that the workbook lacks, or naming one
// for a text export, is an ErrNoSheet error listing what there is.
func ReadSheet(r io.Reader, sheet string) (*Table, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxExportSize+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > MaxExportSize {
		return nil, fmt.Errorf("%w: the file is larger than %d MB", ErrNotCSV, MaxExportSize>>20)
	}
	if bytes.HasPrefix(raw, []byte(zipMagic)) || bytes.HasPrefix(raw, []byte(oleMagic)) {
		return readWorkbook(raw, sheet)
	}
	if sheet != "" {
		return nil, fmt.Errorf("%w: %q: this file is a text export (CSV), which has no sheets", ErrNoSheet, sheet)
	}
	text, encoding, err := decodeText(raw)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(text, "\r\n") && strings.Count(text, "\r") > strings.Count(text, "\n") {
		// Classic Mac line ends. Excel for Mac ends rows with CR but breaks
		// lines inside a cell with LF, so a few LFs do not make it a Unix file.
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	sep, err := detectSeparator(text)
	if err != nil {
		return nil, err
	}
	records, err := readRecords(text, sep)
	if err != nil {
		return nil, err
	}
	return &Table{Encoding: encoding, Separator: sep, Records: records}, nil
}

// decodeText recognises the encoding of an export and returns it as UTF-8.
// Files that are plainly something else (PDF, binary) are refused with a message saying what to do.
func decodeText(raw []byte) (string, string, error) {
	switch {
	case len(bytes.TrimSpace(raw)) == 0:
		return "", "", fmt.Errorf("%w: the file is empty", ErrNotCSV)
	case bytes.HasPrefix(raw, []byte("%PDF")):
		return "", "", fmt.Errorf("%w: this is a PDF document; export the registrations as CSV instead", ErrNotCSV)
	case bytes.HasPrefix(raw, []byte("\xEF\xBB\xBF")):
		return checkText(string(raw[3:]), "UTF-8 with BOM")
	case bytes.HasPrefix(raw, []byte("\xFF\xFE")), bytes.HasPrefix(raw, []byte("\xFE\xFF")):
		return decodeUTF16(raw, xunicode.UseBOM, "UTF-16")
	case looksUTF16LE(raw):
		return decodeUTF16(raw, xunicode.IgnoreBOM, "UTF-16LE")
	case utf8.Valid(raw):
		return checkText(string(raw), "UTF-8")
	case mostlyUTF8(raw):
		return checkText(decodeMixed(raw), "UTF-8 with some Windows-1252 (check the accents)")
	}
	legacy, name := charmap.Windows1252, "Windows-1252"
	if looksMacRoman(raw) {
		legacy, name = charmap.Macintosh, "Mac Roman"
	}
	text, err := legacy.NewDecoder().Bytes(raw)
	if err != nil {
		return "", "", fmt.Errorf("%w: cannot decode as %s: %v", ErrNotCSV, name, err)
	}
	return checkText(string(text), name)
}

// mostlyUTF8 spots a UTF-8 file with a few rows pasted in from a
// Windows-1252 one: many valid multi-byte characters, few stray bytes.
func mostlyUTF8(raw []byte) bool {
	valid, invalid := 0, 0
	for len(raw) > 0 {
		r, size := utf8.DecodeRune(raw)
		switch {
		case r == utf8.RuneError && size == 1:
			invalid++
		case size > 1:
			valid++
		}
		raw = raw[size:]
	}
	return valid >= 2 && valid >= invalid
}

// decodeMixed keeps the valid UTF-8 and reads each stray byte as
// Windows-1252.
func decodeMixed(raw []byte) string {
	var b strings.Builder
	dec := charmap.Windows1252
	for len(raw) > 0 {
		r, size := utf8.DecodeRune(raw)
		if r == utf8.RuneError && size == 1 {
			r = dec.DecodeByte(raw[0])
		}
		b.WriteRune(r)
		raw = raw[size:]
	}
	return b.String()
}

// looksMacRoman tells a classic Mac "CSV (Macintosh)" export from a
// Windows-1252 one: Mac Roman puts the accented letters (é is 0x8E) in
// 0x80-0x9F, where Windows-1252 has only rare punctuation, and Windows-1252
// puts them in 0xC0-0xFF.
func looksMacRoman(raw []byte) bool {
	low, high := 0, 0
	for _, c := range raw {
		switch {
		case c == 0x80 || c == 0x85 || c >= 0x91 && c <= 0x97 || c == 0x9C:
			// € … ’ “ ” – — œ: Windows-1252 punctuation French Excel writes
		case c >= 0x80 && c <= 0x9F:
			low++
		case c >= 0xC0:
			high++
		}
	}
	return low > high
}

func decodeUTF16(raw []byte, bom xunicode.BOMPolicy, name string) (string, string, error) {
	dec := xunicode.UTF16(xunicode.LittleEndian, bom).NewDecoder()
	text, _, err := transform.Bytes(dec, raw)
	if err != nil {
		return "", "", fmt.Errorf("%w: cannot decode as %s: %v", ErrNotCSV, name, err)
	}
	return checkText(string(text), name)
}

// looksUTF16LE spots UTF-16 without a BOM: mostly-ASCII text in which every
// other byte is zero.
func looksUTF16LE(raw []byte) bool {
	n := min(len(raw), 4096) &^ 1
	if n < 4 {
		return false
	}
	zeros := 0
	for i := 1; i < n; i += 2 {
		if raw[i] == 0 {
			zeros++
		}
	}
	return zeros > n/2*9/10
}

// checkText refuses decoded text that holds binary data: a text export has
// no control characters but tab and line ends.
func checkText(text, encoding string) (string, string, error) {
	control := 0
	for _, r := range text {
		if r == utf8.RuneError || (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
			control++
		}
	}
	if control > 0 && control*100 > len(text) {
		return "", "", fmt.Errorf("%w: the file holds binary data, not text", ErrNotCSV)
	}
	return text, encoding, nil
}

// separators are the candidates, most common first (earlier wins a tie).
var separators = []rune{';', ',', '\t', '|'}

// detectSeparator picks the separator under which the first records have
// the most consistent number of fields (and, on a tie, the most fields).
// A title line above the header or a remark holding commas does not fool
// it, because only the most frequent field count is scored.
func detectSeparator(text string) (rune, error) {
	const sample = 50
	best, bestFreq, bestWidth := rune(0), 0, 0
	for _, sep := range separators {
		cr := newCSVReader(strings.NewReader(text), sep)
		counts := map[int]int{}
		for i := 0; i < sample; i++ {
			rec, err := cr.Read()
			if err != nil {
				break
			}
			if len(rec) > 1 && !blank(rec) {
				counts[len(rec)]++
			}
		}
		for width, freq := range counts {
			if freq > bestFreq || (freq == bestFreq && width > bestWidth) {
				best, bestFreq, bestWidth = sep, freq, width
			}
		}
	}
	if best == 0 {
		return 0, fmt.Errorf("%w: found only one column; columns must be separated by ';', ',' or tabs", ErrNotCSV)
	}
	return best, nil
}

func newCSVReader(r io.Reader, sep rune) *csv.Reader {
	cr := csv.NewReader(r)
	cr.Comma = sep
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	return cr
}

// readRecords splits the text into records numbered as a spreadsheet
// numbers its rows: blank lines count, and a quoted field spanning several
// lines stays one row.
func readRecords(text string, sep rune) ([]Record, error) {
	cr := newCSVReader(strings.NewReader(text), sep)
	var records []Record
	row, prevEnd := 0, 0
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			return records, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrNotCSV, err)
		}
		start, _ := cr.FieldPos(0)
		last, _ := cr.FieldPos(len(fields) - 1)
		row += start - prevEnd
		prevEnd = last + strings.Count(fields[len(fields)-1], "\n")
		if !blank(fields) {
			records = append(records, Record{Row: row, Fields: fields})
		}
	}
}

func blank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimFunc(f, unicode.IsSpace) != "" {
			return false
		}
	}
	return true
}
