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
	maxFrameSide   = 4096
	maxFramePixels = 4 << 20
	decodeWait     = time.Second // how long a frame waits for a free decoder
)

var (
	errFrameTooLarge = &apiError{http.StatusRequestEntityTooLarge, "frame_too_large", "body", fmt.Sprintf("the camera frame is too large: at most %d MB, %d×%d pixels and %d megapixels", maxFrame>>20, maxFrameSide, maxFrameSide, maxFramePixels>>20)}
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
	img, err := s.decodeImage(r.Context(), data)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		reply(w, http.StatusOK, map[string]any{"found": false})
		return
	}
	result, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		reply(w, http.StatusOK, map[string]any{"found": false})
		return
	}
	code, outcome, hint := checkin.Classify(result.GetText())
	if outcome != "" {
		reply(w, http.StatusOK, map[string]any{"found": true, "outcome": outcome, "hint": hint})
		return
	}
	reply(w, http.StatusOK, map[string]any{"found": true, "code": string(code)})
}

// decodeImage decodes a frame once its header says it is of a camera's
// size, with at most one decode per processor at a time.
func (s *Server) decodeImage(ctx context.Context, data []byte) (image.Image, error) {
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
		defer func() { <-s.decoders }()
	case <-wait.C:
		return nil, errDecodersBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, errBadRequest
	}
	return img, nil
}
