package badges

import "testing"

func TestSurnameCase(t *testing.T) {
	cases := []struct {
		in           string
		upper, title string
	}{
		{"DE LA TOUR", "DE LA TOUR", "de La Tour"},
		{"de la tour", "DE LA TOUR", "de La Tour"},
		{"VAN DER BERG", "VAN DER BERG", "van der Berg"},
		{"MCDONALD", "MCDONALD", "McDonald"},
		{"McDonald", "MCDONALD", "McDonald"},
		{"o'brien", "O'BRIEN", "O'Brien"},
		{"N'DIAYE", "N'DIAYE", "N'Diaye"},
		{"D'ALEMBERT", "D'ALEMBERT", "d'Alembert"},
		{"SAINT-EXUPÉRY", "SAINT-EXUPÉRY", "Saint-Exupéry"},
		{"de saint\u2011exupéry", "DE SAINT\u2011EXUPÉRY", "de Saint\u2011Exupéry"},
		{"DE", "DE", "De"},
		{"nguyễn", "NGUYỄN", "Nguyễn"},
		{"ΠΑΠΑΔΌΠΟΥΛΟΣ", "ΠΑΠΑΔΌΠΟΥΛΟΣ", "Παπαδόπουλος"},
		{"  müller   lüdenscheidt ", "  MÜLLER   LÜDENSCHEIDT ", "Müller Lüdenscheidt"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			if got := SurnameAsIs.Apply(tc.in); got != tc.in {
				t.Errorf("as_is: %q", got)
			}
			if got := SurnameCase("").Apply(tc.in); got != tc.in {
				t.Errorf("default: %q", got)
			}
			if got := SurnameUpper.Apply(tc.in); got != tc.upper {
				t.Errorf("upper: %q, want %q", got, tc.upper)
			}
			if got := SurnameTitle.Apply(tc.in); got != tc.title {
				t.Errorf("title: %q, want %q", got, tc.title)
			}
		})
	}
}
