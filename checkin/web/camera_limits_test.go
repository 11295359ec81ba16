package web_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"net/http"
	"runtime"
	"strings"
	"testing"
)

// blankPNG is a valid black-and-white PNG of w×h pixels, made without
// holding its pixels: its rows are streamed through the compressor, so a
// 20000×20000 image is a few dozen kilobytes here and 400 MB once decoded.
func blankPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		binary.Write(&out, binary.BigEndian, uint32(len(data)))
		crc := crc32.NewIEEE()
		crc.Write([]byte(kind))
		crc.Write(data)
		out.WriteString(kind)
		out.Write(data)
		binary.Write(&out, binary.BigEndian, crc.Sum32())
	}
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	chunk("IHDR", append(ihdr, 1, 0, 0, 0, 0)) // 1 bit per pixel, greyscale
	var idat bytes.Buffer
	z, _ := zlib.NewWriterLevel(&idat, zlib.BestCompression)
	row := make([]byte, 1+(w+7)/8) // filter byte, then the pixels: all black
	for y := 0; y < h; y++ {
		z.Write(row)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	chunk("IDAT", idat.Bytes())
	chunk("IEND", nil)
	return out.Bytes()
}

// TestDecodeRefusesHugeFrames: /api/decode reads a frame's size from its
// header and refuses a decompression bomb before decoding it; a frame of a
// camera's size is still decoded.
func TestDecodeRefusesHugeFrames(t *testing.T) {
	f := newFixture(t)
	a := f.desk(t, "A")
	cases := []struct {
		name   string
		w, h   int
		status int
	}{
		{"20000×20000 in a few kilobytes", 20000, 20000, http.StatusRequestEntityTooLarge},
		{"wider than 2560", 3000, 10, http.StatusRequestEntityTooLarge},
		{"over 2.8 megapixels", 1700, 1700, http.StatusRequestEntityTooLarge},
		{"a phone's frame", 1920, 1080, http.StatusOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := blankPNG(t, c.w, c.h)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			req, _ := http.NewRequest("POST", f.srv.URL+"/api/decode", bytes.NewReader(body))
			req.Header.Set("Content-Type", "image/png")
			status, out := do(t, a, req)
			runtime.ReadMemStats(&after)
			if status != c.status {
				t.Fatalf("%d-byte PNG of %d×%d: %d %v, want %d", len(body), c.w, c.h, status, out, c.status)
			}
			if grown := after.TotalAlloc - before.TotalAlloc; c.status != http.StatusOK && grown > 50<<20 {
				t.Fatalf("refusing a %d×%d frame allocated %d MB", c.w, c.h, grown>>20)
			}
			if msg, _ := out["error"].(string); c.status != http.StatusOK && !strings.Contains(msg, "1920×1080") {
				t.Fatalf("error %q does not say what is allowed", msg)
			}
		})
	}
}
