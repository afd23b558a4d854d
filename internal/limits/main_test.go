package limits_test

import (
	"testing"

	"github.com/reindustrie/observatory/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }
