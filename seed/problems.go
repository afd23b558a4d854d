package seed

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// maxProblems bounds the problems a ValidationError lists; the rest are counted.
const maxProblems = 20

// Problem is one defect of the data files.
type Problem struct {
	// File is the data file, e.g. "observations.yaml".
	File string
	// Record names the record: its slug (or code) when it has one, else "#n" (1-based).
	Record string
	// Message says what is wrong.
	Message string
}

func (p Problem) String() string {
	if p.Record == "" {
		return p.File + ": " + p.Message
	}
	return p.File + ": " + p.Record + ": " + p.Message
}

// ValidationError lists the defects found in the data files. Nothing is written to the
// database when the data does not validate.
type ValidationError struct {
	Problems []Problem
	// More counts the problems found beyond the ones listed.
	More int
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	n := len(e.Problems) + e.More
	fmt.Fprintf(&b, "seed data is invalid (%d problem", n)
	if n != 1 {
		b.WriteString("s")
	}
	b.WriteString(")")
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\n  ... and %d more", e.More)
	}
	return b.String()
}

// problems collects the defects found while reading and validating.
type problems struct{ err ValidationError }

func (ps *problems) add(file, record, format string, args ...any) {
	if len(ps.err.Problems) >= maxProblems {
		ps.err.More++
		return
	}
	ps.err.Problems = append(ps.err.Problems, Problem{File: file, Record: record, Message: fmt.Sprintf(format, args...)})
}

func (ps *problems) empty() bool { return len(ps.err.Problems) == 0 && ps.err.More == 0 }

func (ps *problems) asError() error {
	if ps.empty() {
		return nil
	}
	e := ps.err
	return &e
}

// recordName names the i-th record (0-based) of a file: its slug if it has one.
func recordName(slug string, i int) string {
	if slug != "" {
		return slug
	}
	return fmt.Sprintf("#%d", i+1)
}

// decodeFile reads data/<name> from fsys as a YAML sequence of T, strictly: unknown
// fields and duplicate keys are errors. A decoding error is reported with the record
// it sits in, found from the error's line.
func decodeFile[T any](fsys fs.FS, name string, ps *problems) []T {
	out, _ := decodeFileOK[T](fsys, name, ps)
	return out
}

// decodeFileOK is decodeFile that also says whether the file was decoded.
func decodeFileOK[T any](fsys fs.FS, name string, ps *problems) ([]T, bool) {
	data, err := fs.ReadFile(fsys, "data/"+name)
	if err != nil {
		ps.add(name, "", "cannot read the file: %v", err)
		return nil, false
	}
	var out []T
	if err := yaml.UnmarshalWithOptions(data, &out, yaml.Strict()); err != nil {
		record, msg := "", err.Error()
		var ye interface {
			GetToken() *token.Token
			GetMessage() string
		}
		if errors.As(err, &ye) {
			msg = ye.GetMessage()
			if tk := ye.GetToken(); tk != nil && tk.Position != nil {
				record = recordAtLine(data, tk.Position.Line)
				msg = fmt.Sprintf("line %d: %s", tk.Position.Line, msg)
			}
		}
		ps.add(name, record, "%s", msg)
		return nil, false
	}
	return out, true
}

// recordAtLine names the top-level sequence item of a YAML document that contains
// the given line: its slug or code, else its position.
func recordAtLine(data []byte, line int) string {
	f, err := parser.ParseBytes(data, 0)
	if err != nil || len(f.Docs) == 0 || f.Docs[0] == nil {
		return ""
	}
	seq, ok := f.Docs[0].Body.(*ast.SequenceNode)
	if !ok {
		return ""
	}
	found := -1
	for i, v := range seq.Values {
		tk := v.GetToken()
		if tk == nil || tk.Position == nil {
			continue
		}
		if tk.Position.Line <= line {
			found = i
		}
	}
	if found < 0 {
		return ""
	}
	slug := ""
	if m, ok := seq.Values[found].(*ast.MappingNode); ok {
		for _, kv := range m.Values {
			if k := kv.Key.String(); k == "slug" || k == "code" {
				slug = strings.Trim(kv.Value.String(), `"'`)
				break
			}
		}
	}
	return recordName(slug, found)
}
