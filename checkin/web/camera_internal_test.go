package web

import (
	"bytes"
	"image"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestDecodersAreBounded: with every decoder busy, a frame waits a moment
// and is then answered 503 with a message, instead of piling up decodes;
// once a decoder is free, frames are decoded again.
func TestDecodersAreBounded(t *testing.T) {
	s := New(Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	var frame bytes.Buffer
	if err := png.Encode(&frame, image.NewGray(image.Rect(0, 0, 64, 48))); err != nil {
		t.Fatal(err)
	}
	post := func() *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		s.decodeFrame(rec, httptest.NewRequest("POST", "/api/decode", bytes.NewReader(frame.Bytes())))
		return rec
	}
	for range cap(s.decoders) {
		s.decoders <- struct{}{}
	}
	if rec := post(); rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "busy") {
		t.Fatalf("every decoder busy: %d %s, want 503 saying so", rec.Code, rec.Body)
	}
	<-s.decoders
	if rec := post(); rec.Code != http.StatusOK {
		t.Fatalf("a decoder free: %d %s", rec.Code, rec.Body)
	}
}
