package badges

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
)

// pdfEnd ends every PDF gofpdf writes.
var pdfEnd = []byte("%%EOF\n")

// pdfDeflater is the writer gofpdf's Output writes to: it passes the PDF
// on to w with its page contents compressed (deflateStreams). gofpdf
// writes the whole file in one Write, which is compressed from gofpdf's
// own buffer without a copy; a PDF written in pieces is gathered first.
type pdfDeflater struct {
	w     io.Writer
	plain []byte // the pieces so far, when the PDF comes in pieces
	done  bool
}

func (d *pdfDeflater) Write(p []byte) (int, error) {
	if d.done {
		return 0, errors.New("data after the end of the PDF")
	}
	whole := p
	if len(d.plain) > 0 || !bytes.HasSuffix(p, pdfEnd) {
		d.plain = append(d.plain, p...)
		whole = d.plain
	}
	if !bytes.HasSuffix(whole, pdfEnd) {
		return len(p), nil
	}
	d.done, d.plain = true, nil
	return len(p), deflateStreams(whole, d.w)
}

// Close reports a PDF that never reached its end.
func (d *pdfDeflater) Close() error {
	if !d.done {
		return errors.New("the PDF ended early")
	}
	return nil
}

// deflateStreams copies the PDF gofpdf wrote with compression off to w,
// compressing its page contents with one zlib writer per core for the
// whole file. gofpdf's own compression makes a new writer for every page,
// and with it about a megabyte of tables: 87 % of what rendering 10,000
// badges allocated. A stream is compressed when its dictionary is
// gofpdf's bare "<</Length n>>" (page contents; fonts and images come
// compressed and say so); everything else is copied as it is, and the
// cross-reference table is written again with the objects' new offsets.
// The objects are compressed in batches on every core, and written in
// their order.
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
	body := func(i int) []byte { // the i-th object in the file, up to the next
		end := xref
		if i+1 < len(order) {
			end = offsets[order[i+1]]
		}
		return pdf[offsets[order[i]]:end]
	}
	for b := range packBatches(len(order), body) {
		if b.err != nil {
			return fmt.Errorf("object %d: %w", order[b.first+len(b.ends)], b.err)
		}
		at := 0
		for j, end := range b.ends {
			newOffsets[order[b.first+j]] = written + at
			at = end
		}
		bw.Write(b.data)
		written += len(b.data)
	}
	fmt.Fprintf(bw, "xref\n0 %d\n0000000000 65535 f \n", len(offsets))
	for _, off := range newOffsets[1:] {
		fmt.Fprintf(bw, "%010d 00000 n \n", off)
	}
	trailer := pdf[xref:]
	at := bytes.Index(trailer, []byte("trailer\n"))
	end := bytes.LastIndex(trailer, []byte("startxref\n"))
	if at < 0 || end < at {
		return errors.New("the PDF has no trailer")
	}
	bw.Write(trailer[at:end])
	fmt.Fprintf(bw, "startxref\n%d\n%%%%EOF\n", written)
	return bw.Flush()
}

// packedBatch is a run of consecutive objects as they are written.
type packedBatch struct {
	first int    // index of the first object in the file's order
	data  []byte // the objects, one after the other
	ends  []int  // where each object ends in data
	err   error  // the object after the last one failed
}

// batchSize is how many objects a worker compresses at a time: about
// four pages of eight badges.
const batchSize = 8

// packBatches compresses the n objects that body gives on one goroutine
// per core, and yields them in batches, in order.
func packBatches(n int, body func(int) []byte) func(yield func(packedBatch) bool) {
	return func(yield func(packedBatch) bool) {
		batches := (n + batchSize - 1) / batchSize
		out := make([]chan packedBatch, batches)
		for i := range out {
			out[i] = make(chan packedBatch, 1)
		}
		next := make(chan int, batches)
		for i := range batches {
			next <- i
		}
		close(next)
		stop := make(chan struct{})
		defer close(stop)
		for range min(runtime.GOMAXPROCS(0), batches) {
			go func() {
				z, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
				var packed bytes.Buffer
				for i := range next {
					select {
					case <-stop: // the writer stopped: an error
						return
					default:
					}
					out[i] <- packBatch(i*batchSize, min(n, (i+1)*batchSize), body, z, &packed)
				}
			}()
		}
		for _, c := range out {
			if b := <-c; !yield(b) || b.err != nil {
				return
			}
		}
	}
}

// packBatch writes objects first to end-1, each stream compressed if it
// is a bare one.
func packBatch(first, end int, body func(int) []byte, z *zlib.Writer, packed *bytes.Buffer) packedBatch {
	b := packedBatch{first: first}
	var data bytes.Buffer
	for i := first; i < end; i++ {
		if _, err := writeObject(&data, body(i), z, packed); err != nil {
			b.err = err
			break
		}
		b.ends = append(b.ends, data.Len())
	}
	b.data = data.Bytes()
	return b
}

// readXref finds gofpdf's cross-reference table: where it starts, and
// each object's offset (index 0 unused).
func readXref(pdf []byte) (int, []int, error) {
	bad := errors.New("unexpected cross-reference table")
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
