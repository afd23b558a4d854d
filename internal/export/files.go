package export

import (
	"archive/zip"
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/model"
)

// ArchiveName is the file of every kind as CSV, with the licence.
const ArchiveName = "observatory.zip"

// Files are the unfiltered download files, built once per data version in the
// background and kept on disk: each is served whole, with its length, a validator and
// its date, and never cut short by a slow database read. While a newer version is
// being built, the previous one is served; the first request after a start waits for
// the first build. Safe for concurrent use.
type Files struct {
	// Dir holds the built files (one folder per build).
	Dir string
	// DB is the database the files are read from.
	DB *gorm.DB
	// Version returns the current data version (a write bumps it).
	Version func(ctx context.Context) uint64
	// Licence is written into the archive as LICENCE.txt.
	Licence string
	// Logger receives the builds and their failures.
	Logger *slog.Logger

	mu       sync.Mutex
	ready    *build // the last complete build
	building *build // the build in progress, if any
}

// build is one set of files, for one data version.
type build struct {
	version uint64
	dir     string
	built   time.Time
	files   map[string]File
	done    chan struct{}
	err     error
}

// File is one built file.
type File struct {
	// Path is where it is on disk.
	Path string
	// Size is its length in bytes.
	Size int64
	// ETag is a strong validator: a hash of the content.
	ETag string
	// Built is when it was built (Last-Modified).
	Built time.Time
}

// Get returns the built file name ("sites.csv", "observatory.zip"), its texts in
// language l, of the current data version, or of the previous one while the current
// one is being built. It starts the build of a new version; without any complete build
// it waits for it (or for ctx).
func (f *Files) Get(ctx context.Context, name string, l model.Lang) (File, error) {
	v := f.Version(ctx)
	f.mu.Lock()
	ready := f.ready
	if ready == nil || ready.version != v {
		if f.building == nil || f.building.version != v {
			f.building = f.start(v)
		}
	}
	building := f.building
	f.mu.Unlock()
	if ready == nil {
		select {
		case <-building.done:
		case <-ctx.Done():
			return File{}, ctx.Err()
		}
		if building.err != nil {
			return File{}, building.err
		}
		ready = building
	}
	file, ok := ready.files[builtName(l, name)]
	if !ok {
		return File{}, fmt.Errorf("export: no built file %q", name)
	}
	return file, nil
}

// start builds the files of version v in the background.
func (f *Files) start(v uint64) *build {
	b := &build{version: v, done: make(chan struct{}), files: map[string]File{}}
	go func() {
		started := time.Now()
		b.err = f.write(b)
		f.mu.Lock()
		if f.building == b {
			f.building = nil
		}
		var old *build
		if b.err == nil && (f.ready == nil || f.ready.version <= v) {
			old, f.ready = f.ready, b
		}
		f.mu.Unlock()
		close(b.done)
		if b.err != nil {
			f.Logger.Error("building the download files failed; the previous ones are served", "version", v, "error", b.err)
			_ = os.RemoveAll(b.dir)
			return
		}
		f.Logger.Info("download files built", "version", v, "elapsed", time.Since(started).Round(time.Millisecond))
		if old != nil {
			// Requests already serving the old files keep their open handles.
			_ = os.RemoveAll(old.dir)
		}
	}()
	return b
}

// builtName is the name of a built file in language l: "en-sites.csv".
func builtName(l model.Lang, name string) string { return l.Tag() + "-" + name }

// write builds every file of b, in each language: each kind as CSV and JSON, then the
// archive.
func (f *Files) write(b *build) error {
	if err := os.MkdirAll(f.Dir, 0o755); err != nil {
		return err
	}
	dir, err := os.MkdirTemp(f.Dir, fmt.Sprintf("v%d-", b.version))
	if err != nil {
		return err
	}
	b.dir = dir
	// A build reads the whole dataset: no request deadline, but a bound.
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	b.built = time.Now().UTC().Truncate(time.Second)
	for _, l := range model.Langs {
		if err := f.writeIn(ctx, b, l); err != nil {
			return err
		}
	}
	return nil
}

// writeIn builds the files of b in language l.
func (f *Files) writeIn(ctx context.Context, b *build, l model.Lang) error {
	dir := b.dir
	for _, k := range Kinds() {
		k := k.In(l)
		for _, format := range []string{"csv", "json"} {
			name := builtName(l, k.Name+"."+format)
			file, err := writeFile(filepath.Join(dir, name), func(w io.Writer) error {
				var err error
				if format == "csv" {
					_, err = k.WriteCSV(ctx, f.DB, w)
				} else {
					_, err = k.WriteJSON(ctx, f.DB, w)
				}
				return err
			})
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			file.Built = b.built
			b.files[name] = file
		}
	}
	archive := builtName(l, ArchiveName)
	file, err := writeFile(filepath.Join(dir, archive), func(w io.Writer) error {
		zw := zip.NewWriter(w)
		for _, k := range Kinds() {
			src, err := os.Open(b.files[builtName(l, k.Name+".csv")].Path)
			if err != nil {
				return err
			}
			dst, err := zw.CreateHeader(&zip.FileHeader{Name: k.Name + ".csv", Method: zip.Deflate, Modified: b.built})
			if err == nil {
				_, err = io.Copy(dst, src)
			}
			src.Close()
			if err != nil {
				return err
			}
		}
		dst, err := zw.CreateHeader(&zip.FileHeader{Name: "LICENCE.txt", Method: zip.Deflate, Modified: b.built})
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintln(dst, f.Licence); err != nil {
			return err
		}
		return zw.Close()
	})
	if err != nil {
		return fmt.Errorf("%s: %w", ArchiveName, err)
	}
	file.Built = b.built
	b.files[archive] = file
	return nil
}

// writeFile writes path with fill, then syncs it, and returns its size and hash.
func writeFile(path string, fill func(io.Writer) error) (File, error) {
	out, err := os.Create(path)
	if err != nil {
		return File{}, err
	}
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(out, h), 256<<10)
	err = fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return File{}, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return File{}, err
	}
	return File{Path: path, Size: st.Size(), ETag: `"` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`}, nil
}
