package synth

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/reindustrie/observatory/internal/store"
)

// Main runs the `generate` subcommand: observatory generate --database-url URL
// --scale 1.0 [--force] [--seed N].
func Main(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("observatory generate", flag.ContinueOnError)
	fs.SetOutput(out)
	dbURL := fs.String("database-url", os.Getenv("DATABASE_URL"), "database to fill (env DATABASE_URL); PostgreSQL for national scales")
	scale := fs.Float64("scale", 1.0, "fraction of the national scale: 1.0 = 200 000 sites, 150 000 companies, 500 000 subsidies, 5 000 000 observations")
	force := fs.Bool("force", false, "generate even if the database holds the curated dataset (mixes synthetic records into it: never do this on a public database)")
	seedValue := fs.Uint64("seed", 0, "random seed (0: the default; same seed, same data)")
	fs.Usage = func() {
		fmt.Fprintln(out, "Usage: observatory generate --database-url URL [--scale 1.0] [--force] [--seed N]")
		fmt.Fprintln(out, "\nFills a database with the real French geography and a synthetic national-scale dataset")
		fmt.Fprintln(out, "(every slug starts with \"synthetic-\") for performance work. Refuses a database that holds")
		fmt.Fprintln(out, "the curated dataset unless --force. A rerun replaces the previous synthetic records.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := store.Open(store.Config{URL: *dbURL})
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		return err
	}
	c := CountsFor(*scale)
	fmt.Fprintf(out, "generating scale %g into %s: %d sites, %d companies, %d occupancies, %d subsidies, %d observations, %d relationships\n",
		*scale, s.Dialect, c.Sites, c.Companies, c.Occupancies, c.Subsidies, c.Observations, c.Relationships)
	start := time.Now()
	rep, err := Generate(ctx, s.DB, Options{Scale: *scale, Force: *force, Seed: *seedValue, Log: out})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "generated in %s (%d rows in all)\n", time.Since(start).Round(time.Millisecond), rep.Rows())
	return nil
}
