package seed_test

import (
	"testing"

	"github.com/reindustrie/observatory/seed"
)

func TestEmbeddedDataValidates(t *testing.T) {
	if err := seed.Validate(seed.Files()); err != nil {
		t.Fatal(err)
	}
}
