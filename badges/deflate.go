package badges

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// deflateStreams copies the PDF gofpdf wrote with compression off to w,
// compressing its page contents with one zlib writer for the whole file.
// gofpdf's own compression makes a new writer for every page, and with
// it about a megabyte of tables: 87 % of what rendering 10,000 badges
// allocated. A stream is compressed when its dictionary is gofpdf's bare
// "<</Length n>>" (page contents; fonts and images come compressed and
// say so); everything else is copied as it is, and the cross-reference
// table is written again with the objects' new offsets.
func deflateStreams(pdf []byte, w io.Writer) error {
	xref, offsets, err := readXref(pdf)
	if err != nil {
		return err
	}
	order := make([]int, 0, len(offsets))
	for obj := 1; obj < len(offsets); obj++ {
		order = append(order, obj)
	}
	slices.SortFunc(order, func(a, b int) int { return offsets[a] - offsets[b] })
	bw := bufio.NewWriterSize(w, 256<<10)
	start := 0
	if len(order) > 0 {
		start = offsets[order[0]]
	}
	bw.Write(pdf[:start])
	written := start
	newOffsets := make([]int, len(offsets))
	z, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	var packed bytes.Buffer
	for i, obj := range order {
		end := xref
		if i+1 < len(order) {
			end = offsets[order[i+1]]
		}
		newOffsets[obj] = written
		n, err := writeObject(bw, pdf[offsets[obj]:end], z, &packed)
		if err != nil {
			return fmt.Errorf("object %d: %w", obj, err)
		}
		written += n
	}
	fmt.Fprintf(bw, "xref\n0 %d\n0000000000 65535 f \n", len(offsets))
	for _, off := range newOffsets[1:] {
		fmt.Fprintf(bw, "%010d 00000 n \n", off)
	}
	trailer := pdf[xref:]
	at := bytes.Index(trailer, []byte("trailer\n"))
	end := bytes.LastIndex(trailer, []byte("startxref\n"))
	if at < 0 || end < at {
		return errors.New("writing the PDF: no trailer")
	}
	bw.Write(trailer[at:end])
	fmt.Fprintf(bw, "startxref\n%d\n%%%%EOF\n", written)
	return bw.Flush()
}

// readXref finds gofpdf's cross-reference table: where it starts, and
// each object's offset (index 0 unused).
func readXref(pdf []byte) (int, []int, error) {
	bad := errors.New("writing the PDF: unexpected cross-reference table")
	at := bytes.LastIndex(pdf, []byte("\nxref\n"))
	if at < 0 {
		return 0, nil, bad
	}
	at++
	rest := pdf[at+len("xref\n"):]
	line, rest, _ := bytes.Cut(rest, []byte("\n"))
	first, count, ok := bytes.Cut(line, []byte(" "))
	n, err := strconv.Atoi(string(count))
	if !ok || string(first) != "0" || err != nil || n < 1 || len(rest) < 20*n {
		return 0, nil, bad
	}
	offsets := make([]int, n)
	for i := 1; i < n; i++ {
		entry := rest[20*i : 20*i+10]
		if offsets[i], err = strconv.Atoi(string(entry)); err != nil || offsets[i] >= at {
			return 0, nil, bad
		}
	}
	return at, offsets, nil
}

// writeObject writes one object, its stream compressed if it is a bare
// one, and says how many bytes it wrote.
func writeObject(w io.Writer, obj []byte, z *zlib.Writer, packed *bytes.Buffer) (int, error) {
	head, body, ok := bytes.Cut(obj, []byte("\n<</Length "))
	length, data, ok2 := bytes.Cut(body, []byte(">>\nstream\n"))
	n, err := strconv.Atoi(string(length))
	if !ok || !ok2 || err != nil || bytes.IndexByte(head, '\n') >= 0 || n > len(data) ||
		!bytes.HasPrefix(data[n:], []byte("\nendstream\n")) {
		return w.Write(obj) // not a bare stream
	}
	packed.Reset()
	z.Reset(packed)
	z.Write(data[:n])
	if err := z.Close(); err != nil {
		return 0, err
	}
	total := 0
	for _, part := range [][]byte{head, []byte(fmt.Sprintf("\n<</Filter /FlateDecode /Length %d>>\nstream\n", packed.Len())), packed.Bytes(), data[n:]} {
		m, err := w.Write(part)
		total += m
		if err != nil {
			return total, err
		}
	}
	return total, nil
}
