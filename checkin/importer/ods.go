package importer

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// The OpenDocument namespaces the reader looks at.
const (
	nsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	nsTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsText   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
)

// readODS reads a sheet of an OpenDocument spreadsheet (LibreOffice's
// .ods) from its content.xml. Each cell is the text LibreOffice shows
// (its paragraphs, which hold the number and date as formatted), so dates
// and numbers come out as the organiser saw them.
func readODS(zr *zip.Reader, sheet string) (*Table, error) {
	i := slices.IndexFunc(zr.File, func(f *zip.File) bool { return f.Name == "content.xml" })
	if i < 0 {
		return nil, fmt.Errorf("%w: this .ods file has no content.xml; open it and save it again, or as \"CSV UTF-8\"", ErrNotCSV)
	}
	rc, err := zr.File[i].Open()
	if err != nil {
		return nil, fmt.Errorf("%w: this .ods file is damaged (%v)", ErrNotCSV, err)
	}
	defer rc.Close()
	o := odsReader{dec: xml.NewDecoder(io.LimitReader(rc, maxUnzipped))}
	table, names, err := o.readSheet(sheet)
	if err != nil {
		return nil, err
	}
	if table == nil {
		if len(names) == 0 {
			return nil, fmt.Errorf("%w: this .ods file has no sheet", ErrNotCSV)
		}
		return nil, fmt.Errorf("%w: the workbook has no sheet %q; its sheets are %s", ErrNoSheet, sheet, quoteNames(names))
	}
	return table, nil
}

// odsReader walks content.xml as a stream, keeping only the cells of the
// sheet read and counting what it keeps against the limits.
type odsReader struct {
	dec       *xml.Decoder
	row       int // the spreadsheet row number of the last row read
	cells     int // cells kept
	textBytes int // text kept, which <text:s text:c="…"/> could blow up
	records   []Record
}

// readSheet finds the sheet named (or the first one, when name is ""),
// reads it, then goes on to learn the names of the other sheets. The
// table is nil when no sheet has that name.
func (o *odsReader) readSheet(name string) (*Table, []string, error) {
	var names []string
	var table *Table
	read := ""
	for {
		tok, err := o.dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, names, o.damaged(err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Space != nsTable || se.Name.Local != "table" {
			continue
		}
		n := attr(se, nsTable, "name")
		names = append(names, n)
		if table != nil || !(name == "" && len(names) == 1 || sameSheet(n, name)) {
			if err := o.dec.Skip(); err != nil {
				return nil, names, o.damaged(err)
			}
			continue
		}
		if err := o.readRows(); err != nil {
			return nil, names, err
		}
		table, read = &Table{Records: o.records}, n
	}
	if table != nil {
		table.Encoding = sheetLabel("OpenDocument spreadsheet (.ods)", read, names)
	}
	return table, names, nil
}

func sameSheet(n, want string) bool {
	return n == want || strings.EqualFold(strings.TrimSpace(n), strings.TrimSpace(want))
}

func (o *odsReader) damaged(err error) error {
	if errors.Is(err, errODSLimit) {
		return fmt.Errorf("%w: this .ods file %v", ErrNotCSV, err)
	}
	return fmt.Errorf("%w: this .ods file is damaged (%v); open it and save it again, or as \"CSV UTF-8\"", ErrNotCSV, err)
}

var errODSLimit = errors.New("is too large")

// readRows reads the rows of one table:table up to its end. Rows may sit
// inside header-rows or row-groups; a table nested in a cell is skipped
// with the cell.
func (o *odsReader) readRows() error {
	for {
		tok, err := o.dec.Token()
		if err != nil {
			return o.damaged(err)
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Space == nsTable && t.Name.Local == "table" {
				return nil
			}
		case xml.StartElement:
			if t.Name.Space == nsTable && t.Name.Local == "table-row" {
				if err := o.readRow(repeat(t, "number-rows-repeated")); err != nil {
					return err
				}
			}
		}
	}
}

// readRow reads one table:table-row, repeated n times. Empty cells are
// kept only when a filled one follows, and a blank row only advances the
// row number, so that the million empty rows and the thousands of empty
// columns LibreOffice writes at the end of a sheet cost nothing.
func (o *odsReader) readRow(n int) error {
	var fields []string
	pending := 0 // empty cells not yet kept
	for {
		tok, err := o.dec.Token()
		if err != nil {
			return o.damaged(err)
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Space == nsTable && t.Name.Local == "table-row" {
				return o.keepRow(fields, n)
			}
		case xml.StartElement:
			if t.Name.Space != nsTable || (t.Name.Local != "table-cell" && t.Name.Local != "covered-table-cell") {
				if err := o.dec.Skip(); err != nil {
					return o.damaged(err)
				}
				continue
			}
			text, err := o.cellText(t)
			if err != nil {
				return err
			}
			if t.Name.Local == "covered-table-cell" {
				text = "" // hidden under a merged cell: the value is in the first one
			}
			times := repeat(t, "number-columns-repeated")
			if text == "" {
				pending = min(pending+times, maxColumns+1)
				continue
			}
			if len(fields)+pending+times > maxColumns {
				return o.damaged(fmt.Errorf("%w: row %d is wider than %d columns", errODSLimit, o.row+1, maxColumns))
			}
			fields = append(fields, make([]string, pending)...)
			for range times {
				fields = append(fields, text)
			}
			pending = 0
		}
	}
}

// keepRow records a row n times, or only counts it when it is blank.
func (o *odsReader) keepRow(fields []string, n int) error {
	if blank(fields) {
		o.row += n
		return nil
	}
	for i := range n {
		if o.cells += len(fields); o.cells > maxCells {
			return o.damaged(fmt.Errorf("%w: it holds more than %d cells", errODSLimit, maxCells))
		}
		o.row++
		if i > 0 {
			fields = slices.Clone(fields)
		}
		o.records = append(o.records, Record{Row: o.row, Fields: fields})
	}
	return nil
}

// repeat reads a table:number-…-repeated attribute: 1 when absent or
// wrong, and never more than a sheet has rows.
func repeat(se xml.StartElement, name string) int {
	n, err := strconv.Atoi(attr(se, nsTable, name))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, 1<<20)
}

func attr(se xml.StartElement, space, local string) string {
	for _, a := range se.Attr {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// cellText reads a table:table-cell up to its end and returns what
// LibreOffice shows in it: its paragraphs joined by line breaks, with
// <text:s/> spaces, tabs and line breaks, without notes and comments. A
// cell written with a value but no paragraph (as some generators do)
// gives its value.
func (o *odsReader) cellText(cell xml.StartElement) (string, error) {
	var paras []string
	for {
		tok, err := o.dec.Token()
		if err != nil {
			return "", o.damaged(err)
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if len(paras) == 0 {
				return cellValue(cell), nil
			}
			return strings.Join(paras, "\n"), nil
		case xml.StartElement:
			if t.Name.Space != nsText || t.Name.Local != "p" {
				if err := o.dec.Skip(); err != nil { // a comment, a picture, a nested table
					return "", o.damaged(err)
				}
				continue
			}
			p, err := o.paragraph()
			if err != nil {
				return "", err
			}
			paras = append(paras, p)
		}
	}
}

// paragraph reads a text:p up to its end, spans and links included.
func (o *odsReader) paragraph() (string, error) {
	var b strings.Builder
	for depth := 1; depth > 0; {
		tok, err := o.dec.Token()
		if err != nil {
			return "", o.damaged(err)
		}
		before := b.Len()
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.EndElement:
			depth--
		case xml.StartElement:
			switch {
			case t.Name.Space != nsText:
				depth++
			case t.Name.Local == "s":
				n, err := strconv.Atoi(attr(t, nsText, "c"))
				if err != nil || n < 1 {
					n = 1
				}
				b.WriteString(strings.Repeat(" ", min(n, maxColumns)))
				depth++
			case t.Name.Local == "tab":
				b.WriteByte('\t')
				depth++
			case t.Name.Local == "line-break":
				b.WriteByte('\n')
				depth++
			case t.Name.Local == "note" || t.Name.Local == "ruby-text":
				if err := o.dec.Skip(); err != nil {
					return "", o.damaged(err)
				}
			default:
				depth++
			}
		}
		if o.textBytes += b.Len() - before; o.textBytes > maxUnzipped {
			return "", o.damaged(fmt.Errorf("%w: it holds more than %d MB of text", errODSLimit, maxUnzipped>>20))
		}
	}
	return b.String(), nil
}

// cellValue is the value of a cell that has no paragraph.
func cellValue(cell xml.StartElement) string {
	switch attr(cell, nsOffice, "value-type") {
	case "float", "percentage", "currency":
		return attr(cell, nsOffice, "value")
	case "date":
		return attr(cell, nsOffice, "date-value")
	case "time":
		return attr(cell, nsOffice, "time-value")
	case "boolean":
		return strings.ToUpper(attr(cell, nsOffice, "boolean-value"))
	case "string":
		return attr(cell, nsOffice, "string-value")
	}
	return ""
}
