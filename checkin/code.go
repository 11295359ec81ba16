package checkin

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// CodeAlphabet is the set of letters a badge code is made of. Digits,
// punctuation and the letters A, Q, W, Z, M and Y are left out because a
// scanner set for one keyboard layout types them as other characters on a
// machine set for another (a US-set scanner types "1" as "&" on a French
// AZERTY laptop, and swaps A/Q, W/Z and Y/Z on AZERTY and QWERTZ).
const CodeAlphabet = "BCDEFGHJKLNPRSTUVX"

// CodeLength is the number of letters in a badge code: 20 letters of an
// 18-letter alphabet carry 83.4 bits, above the 80 bits PRODUCT.md asks for.
const CodeLength = 20

// codeGroup is how many letters are printed together under the QR code.
const codeGroup = 4

// ErrNotACode is returned for input that is not in the badge code format.
// Its message never repeats the input: scanned input that is not ours may
// be a health pass or other personal data.
var ErrNotACode = errors.New("not a badge code")

// Code is a normalised badge code: exactly CodeLength letters of CodeAlphabet.
type Code string

// NewCode draws a random badge code from r (crypto/rand.Reader in
// production, a fixed stream in tests). Bytes are drawn by rejection
// sampling so that every letter is equally likely.
func NewCode(r io.Reader) (Code, error) {
	const n = len(CodeAlphabet)
	const limit = 256 - 256%n // largest multiple of n below 256
	out := make([]byte, 0, CodeLength)
	buf := make([]byte, CodeLength*2)
	for len(out) < CodeLength {
		if _, err := io.ReadFull(r, buf); err != nil {
			return "", fmt.Errorf("badge code: reading randomness: %w", err)
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < CodeLength {
				out = append(out, CodeAlphabet[int(b)%n])
			}
		}
	}
	return Code(out), nil
}

// NormalizeCode is the one function every entry point (scanner, camera,
// typed search, API) uses to turn input into a Code. It drops control
// characters (scanners add CR, LF or Tab), trims, upper-cases and removes
// the spaces and hyphens of the printed groups; anything that is then not
// exactly a code is ErrNotACode.
func NormalizeCode(input string) (Code, error) {
	if len(input) > 4*CodeLength {
		return "", ErrNotACode // far too long to be a typed code: do not scan it all
	}
	var b strings.Builder
	for _, r := range input {
		switch {
		case unicode.IsControl(r), r == ' ', r == '-', r == '\u00a0':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		if r > unicode.MaxASCII || !strings.ContainsRune(CodeAlphabet, r) {
			return "", ErrNotACode
		}
		b.WriteRune(r)
	}
	if b.Len() != CodeLength {
		return "", ErrNotACode
	}
	return Code(b.String()), nil
}

// Grouped returns the code in groups of four letters separated by spaces,
// the way it is printed under the QR code for typing by hand.
func (c Code) Grouped() string {
	var b strings.Builder
	for i := 0; i < len(c); i++ {
		if i > 0 && i%codeGroup == 0 {
			b.WriteByte(' ')
		}
		b.WriteByte(c[i])
	}
	return b.String()
}
