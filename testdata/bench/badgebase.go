//go:build ignore

// badgebase is the straightforward way to print badges, the baseline of
// badges.sh: read everyone expected from desk's database, sorted by SQLite,
// then one gofpdf document with go-qrcode for each symbol, one Rect per run
// of dark modules in a row, and the names with Text; A4 sheets of 8
// (the a4-8 preset's positions), the same built-in font as desk.
//
//	go build -o badgebase testdata/bench/badgebase.go
//	./badgebase desk.db out.pdf
package main

import (
	"database/sql"
	"fmt"
	"os"

	"github.com/jung-kurt/gofpdf"
	_ "github.com/mattn/go-sqlite3"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/desk-event/desk/badges"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: badgebase DESK.db OUT.pdf")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(dbPath, out string) error {
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.Query(`SELECT code, first_name, last_name, organisation FROM registrants
		WHERE cancelled = 0 ORDER BY last_name, first_name, organisation`)
	if err != nil {
		return err
	}
	defer rows.Close()
	layout, _ := badges.Preset("a4-8")
	font := badges.DefaultFont()
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("go", "", font.Regular)
	pdf.AddUTF8FontFromBytes("go", "B", font.Bold)
	for i := 0; rows.Next(); i++ {
		var code, first, last, org string
		if err := rows.Scan(&code, &first, &last, &org); err != nil {
			return err
		}
		slot := i % layout.PerPage()
		if slot == 0 {
			pdf.AddPage()
		}
		x, y := layout.Position(slot)
		q, err := qrcode.New(code, qrcode.High)
		if err != nil {
			return err
		}
		q.DisableBorder = true
		const m = 1.0 // module size, mm
		for my, row := range q.Bitmap() {
			for mx := 0; mx < len(row); mx++ {
				if !row[mx] {
					continue
				}
				start := mx
				for mx < len(row) && row[mx] {
					mx++
				}
				pdf.Rect(x+60+float64(start)*m, y+4+float64(my)*m, float64(mx-start)*m, m, "F")
			}
		}
		pdf.SetFont("go", "B", 24)
		pdf.Text(x+4, y+20, first)
		pdf.SetFont("go", "", 16)
		pdf.Text(x+4, y+30, last)
		pdf.SetFont("go", "", 9)
		pdf.Text(x+4, y+40, org)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return pdf.OutputFileAndClose(out)
}
