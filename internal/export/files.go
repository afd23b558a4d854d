package export

import (
	"archive/zip"
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/model"
)

// ArchiveName is the file of every kind as CSV, with the data package and the licence.
const ArchiveName = "observatory.zip"

// DataPackageName is the Frictionless Data Package descriptor (in the archive and at
// /download/).
const DataPackageName = "datapackage.json"

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
	// Meta describes the dataset in datapackage.json and the JSON-LD description.
	Meta Meta
	// Logger receives the builds and their failures.
	Logger *slog.Logger

	mu       sync.Mutex
	seen     Stamp  // the last data version seen, and when
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
	release Release
	sources []Source
}

// Stamp is the data version of the files being served and when this process first
// saw it (Last-Modified of every download).
type Stamp struct {
	Version uint64
	Time    time.Time
	// Release is the dataset release of the last complete build (zero before it).
	Release Release
}

// Current returns the current data version and when this process first saw it,
// without building anything (a filtered download or a map reads the database itself).
func (f *Files) Current(ctx context.Context) Stamp {
	v := f.Version(ctx)
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stamp(v)
}

// stamp returns the stamp of version v, recording when it was first seen; f.mu held.
func (f *Files) stamp(v uint64) Stamp {
	if f.seen.Time.IsZero() || f.seen.Version != v {
		f.seen = Stamp{Version: v, Time: time.Now().UTC().Truncate(time.Second)}
	}
	s := f.seen
	if f.ready != nil {
		s.Release = f.ready.release
	}
	return s
}

// Described is what the descriptors say of the current build: the dataset's release
// and sources.
type Described struct {
	Release Release
	Sources []Source
	Stamp   Stamp
}

// Describe returns the release and sources of the files being served (waiting for the
// first build, as Get).
func (f *Files) Describe(ctx context.Context) (Described, error) {
	b, err := f.current(ctx)
	if err != nil {
		return Described{}, err
	}
	return Described{b.release, b.sources, Stamp{b.version, b.built, b.release}}, nil
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
	ready, err := f.current(ctx)
	if err != nil {
		return File{}, err
	}
	file, ok := ready.files[builtName(l, name)]
	if !ok {
		return File{}, fmt.Errorf("export: no built file %q", name)
	}
	return file, nil
}

// current returns the build being served: of the current data version, or of the
// previous one while the current one is being built (waiting for the first).
func (f *Files) current(ctx context.Context) (*build, error) {
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
			return nil, ctx.Err()
		}
		if building.err != nil {
			return nil, building.err
		}
		ready = building
	}
	return ready, nil
}

// start builds the files of version v in the background.
func (f *Files) start(v uint64) *build {
	b := &build{version: v, done: make(chan struct{}), files: map[string]File{}, built: f.stamp(v).Time}
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
	if b.release, err = readRelease(ctx, f.DB); err != nil {
		return err
	}
	if b.sources, err = readSources(ctx, f.DB); err != nil {
		return err
	}
	for _, l := range model.Langs {
		if err := f.writeIn(ctx, b, l); err != nil {
			return err
		}
	}
	return nil
}

// writeIn builds the files of b in language l: each kind as CSV in every dialect (one
// read) and JSON, the data package, then the archive (the CSV files in the default
// dialect, datapackage.json and the licence, dated with the dataset's release).
func (f *Files) writeIn(ctx context.Context, b *build, l model.Lang) error {
	dir := b.dir
	add := func(name string, fill func(w io.Writer) error) error {
		name = builtName(l, name)
		file, err := writeFile(filepath.Join(dir, name), fill)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		file.Built = b.built
		b.files[name] = file
		return nil
	}
	for _, k := range Kinds() {
		k := k.In(l)
		if err := writeFiles(dir, func(open func(Dialect) io.Writer) error {
			out := map[Dialect]io.Writer{}
			for _, d := range Dialects {
				out[d] = open(d)
			}
			_, err := k.WriteCSVs(ctx, f.DB, out)
			return err
		}, k.Name, l, b); err != nil {
			return err
		}
		if err := add(k.Name+".json", func(w io.Writer) error {
			_, err := k.WriteJSON(ctx, f.DB, w)
			return err
		}); err != nil {
			return err
		}
	}
	pkg, err := DataPackage(f.Meta, b.release, b.sources, l)
	if err != nil {
		return err
	}
	if err := add(DataPackageName, func(w io.Writer) error {
		_, err := w.Write(pkg)
		return err
	}); err != nil {
		return err
	}
	dated := b.release.Date
	if dated.IsZero() {
		dated = b.built
	}
	return add(ArchiveName, func(w io.Writer) error {
		zw := zip.NewWriter(w)
		entry := func(name string, fill func(io.Writer) error) error {
			dst, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: dated})
			if err != nil {
				return err
			}
			return fill(dst)
		}
		for _, k := range Kinds() {
			name := DialectRFC4180.File(k.Name)
			if err := entry(name, func(dst io.Writer) error {
				src, err := os.Open(b.files[builtName(l, name)].Path)
				if err != nil {
					return err
				}
				defer src.Close()
				_, err = io.Copy(dst, src)
				return err
			}); err != nil {
				return err
			}
		}
		if err := entry(DataPackageName, func(dst io.Writer) error {
			_, err := dst.Write(pkg)
			return err
		}); err != nil {
			return err
		}
		if err := entry("LICENCE.txt", func(dst io.Writer) error {
			_, err := fmt.Fprintln(dst, f.Licence)
			return err
		}); err != nil {
			return err
		}
		return zw.Close()
	})
}

// writeFiles writes the CSV files of kind in every dialect at once: fill gets a writer
// per dialect.
func writeFiles(dir string, fill func(open func(Dialect) io.Writer) error, kind string, l model.Lang, b *build) error {
	type open struct {
		name string
		out  *os.File
		h    hash.Hash
		bw   *bufio.Writer
	}
	opened := map[Dialect]*open{}
	defer func() {
		for _, o := range opened {
			o.out.Close()
		}
	}()
	var err error
	get := func(d Dialect) io.Writer {
		name := builtName(l, d.File(kind))
		out, cerr := os.Create(filepath.Join(dir, name))
		if cerr != nil {
			if err == nil {
				err = cerr
			}
			return io.Discard
		}
		o := &open{name: name, out: out, h: sha256.New()}
		o.bw = bufio.NewWriterSize(io.MultiWriter(out, o.h), 256<<10)
		opened[d] = o
		return o.bw
	}
	ferr := fill(get)
	if err == nil {
		err = ferr
	}
	for _, o := range opened {
		if err == nil {
			err = o.bw.Flush()
		}
		if err == nil {
			err = o.out.Sync()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", o.name, err)
		}
		st, serr := o.out.Stat()
		if serr != nil {
			return serr
		}
		b.files[o.name] = File{Path: o.out.Name(), Size: st.Size(), ETag: `"` + hex.EncodeToString(o.h.Sum(nil)[:16]) + `"`, Built: b.built}
	}
	return err
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
