package export

import "testing"

// TestCellNeutralisesFormulas: text a spreadsheet would run as a formula gets a leading
// apostrophe (OWASP, CSV injection); numbers and ordinary text are written as they are.
func TestCellNeutralisesFormulas(t *testing.T) {
	for in, want := range map[any]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+33 1 23":                 "'+33 1 23",
		"-823":                     "'-823",
		"@SUM(A1)":                 "'@SUM(A1)",
		"\tx":                      "'\tx",
		"Béthune":                  "Béthune",
		"":                         "",
		float64(-823):              "-823",
		float64(4689915):           "4689915",
		int64(-3):                  "-3",
		nil:                        "",
	} {
		if got := cell(in); got != want {
			t.Errorf("cell(%#v) = %q, want %q", in, got, want)
		}
	}
}
