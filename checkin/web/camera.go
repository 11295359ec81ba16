package web

import (
	"bytes"
	"image"
	_ "image/jpeg" // camera frames come as JPEG
	_ "image/png"
	"io"
	"net/http"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/desk-event/desk/checkin"
)

// maxFrame bounds a camera frame sent for decoding.
const maxFrame = 2 << 20

// decodeFrame reads a QR code in a camera frame, for phones whose browser
// has no BarcodeDetector: POST /api/decode with the image as the body. It
// answers the badge code found, or only that what was found is not a badge
// (with the health-pass hint); nothing else of the frame is kept, logged
// or sent back.
func (s *Server) decodeFrame(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxFrame))
	if err != nil {
		s.fail(w, r, errBadRequest)
		return
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		s.fail(w, r, errBadRequest)
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
