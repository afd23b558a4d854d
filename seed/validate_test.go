package seed_test

import (
	"testing"

	"github.com/reindustrie/observatory/seed"
)

func TestEmbeddedDataValidates(t *testing.T) {
	t.Parallel()
	if err := seed.Validate(seed.Files()); err != nil {
		t.Fatal(err)
	}
}
