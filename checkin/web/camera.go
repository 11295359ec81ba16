package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // camera frames come as JPEG
	_ "image/png"
	"io"
	"net/http"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/desk-event/desk/checkin"
)

// A camera frame sent for decoding is bounded in bytes and, before it is
// decoded, in pixels: a few kilobytes of PNG can claim 20000×20000 pixels
// and take gigabytes once decoded. A phone's frame is at most 1920×1080.
const (
	maxFrame       = 2 << 20
	maxFrameSide   = 2560
	maxFramePixels = 2560 * 1080 // a 1920×1080 frame and a little more; no more than one decoded frame per core fits in memory
	decodeWait     = time.Second // how long a frame waits for a free decoder
)

var (
	errFrameTooLarge = &apiError{http.StatusRequestEntityTooLarge, "frame_too_large", "body", fmt.Sprintf("the camera frame is too large: at most %d MB, %d pixels a side and %.1f megapixels (a 1920×1080 frame)", maxFrame>>20, maxFrameSide, float64(maxFramePixels)/1e6)}
	errDecodersBusy  = &apiError{http.StatusServiceUnavailable, "decoders_busy", "", "every frame decoder is busy: try again in a moment"}
)

// decodeFrame reads a QR code in a camera frame, for phones whose browser
// has no BarcodeDetector: POST /api/decode with the image as the body. It
// answers the badge code found, or only that what was found is not a badge
// (with the health-pass hint); nothing else of the frame is kept, logged
// or sent back.
func (s *Server) decodeFrame(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxFrame))
	if tooBig := new(http.MaxBytesError); errors.As(err, &tooBig) {
		s.fail(w, r, errFrameTooLarge)
		return
	} else if err != nil {
		s.fail(w, r, errBadRequest)
		return
	}
	code, outcome, hint, found, err := s.readFrame(r.Context(), data)
	switch {
	case err != nil:
		s.fail(w, r, err)
	case !found:
		reply(w, http.StatusOK, map[string]any{"found": false})
	case outcome != "":
		reply(w, http.StatusOK, map[string]any{"found": true, "outcome": outcome, "hint": hint})
	default:
		reply(w, http.StatusOK, map[string]any{"found": true, "code": string(code)})
	}
}

// readFrame decodes a frame and reads its QR code while holding one of the
// decoder slots (one per processor): decoding and reading are what take
// memory and time, so both are bounded.
func (s *Server) readFrame(ctx context.Context, data []byte) (code checkin.Code, outcome checkin.Outcome, hint string, found bool, err error) {
	release, err := s.decoderSlot(ctx, data)
	if err != nil {
		return "", "", "", false, err
	}
	defer release()
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return "", "", "", false, errBadRequest
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", "", "", false, nil
	}
	result, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		return "", "", "", false, nil
	}
	code, outcome, hint = checkin.Classify(result.GetText())
	return code, outcome, hint, true, nil
}

// decoderSlot checks that the frame's header says it is of a camera's
// size, then waits for a free decoder slot; release gives it back.
func (s *Server) decoderSlot(ctx context.Context, data []byte) (release func(), err error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, errBadRequest
	}
	if cfg.Width > maxFrameSide || cfg.Height > maxFrameSide || cfg.Width*cfg.Height > maxFramePixels {
		return nil, errFrameTooLarge
	}
	wait := time.NewTimer(decodeWait)
	defer wait.Stop()
	select {
	case s.decoders <- struct{}{}:
		return func() { <-s.decoders }, nil
	case <-wait.C:
		return nil, errDecodersBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
