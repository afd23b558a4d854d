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

// TestJSONNumbersArePlainDecimals: never an exponent, whatever the size.
func TestJSONNumbersArePlainDecimals(t *testing.T) {
	for in, want := range map[any]string{
		143000000.0: "143000000", 1.5e21: "1500000000000000000000", 0.0000001: "0.0000001",
		21768438.0: "21768438", 50.52965: "50.52965", int64(66): "66", "1e5": `"1e5"`, nil: "null",
	} {
		got, err := appendJSON(nil, in)
		if err != nil || string(got) != want {
			t.Errorf("%v: %s (%v), want %s", in, got, err, want)
		}
	}
}
