// Package archtest holds the project's architecture rules as tests: which package may
// import which, and where SQL may be built. docs/architecture.md explains them.
package archtest

import (
	"go/ast"
	"go/types"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/packages"
)

const module = "github.com/reindustrie/observatory"

// loadAll type-checks every package of the module (tests excluded), once for all the
// tests of this package.
var loadAll = sync.OnceValues(func() ([]*packages.Package, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedImports | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir:  "../..",
	}
	return packages.Load(cfg, "./...")
})

func load(t *testing.T) []*packages.Package {
	t.Helper()
	pkgs, err := loadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			t.Fatalf("%s: %v", p.PkgPath, e)
		}
	}
	return pkgs
}

// rel is a package's path inside the module ("graph", "internal/httpapi"; "." for the
// module's root).
func rel(path string) string {
	if path == module {
		return "."
	}
	return strings.TrimPrefix(path, module+"/")
}

func under(path string, roots ...string) bool {
	for _, r := range roots {
		if path == r || strings.HasPrefix(path, r+"/") {
			return true
		}
	}
	return false
}

// importRules: for a package (and those below it), the project packages it must not
// import. The domain does not know the transport; the transport does not reach into
// storage.
var importRules = []struct {
	pkg    string
	forbid []string
	why    string
}{
	{"model", []string{"graph", "loaders", "editing", "seed", "internal/httpapi", "internal/gqlhttp", "internal/auth", "internal/export", "internal/limits", "internal/metrics", "internal/graphiql", "internal/store", "internal/synth", "internal/config"},
		"model is the domain: it imports no other project package but internal leaves (textnorm)"},
	{"loaders", []string{"graph", "editing", "seed", "internal/httpapi", "internal/gqlhttp", "internal/auth", "internal/export", "internal/metrics", "internal/store"},
		"loaders batch reads of model for graph; they know nothing of GraphQL or HTTP"},
	{"editing", []string{"graph", "loaders", "seed", "internal/httpapi", "internal/gqlhttp", "internal/export", "internal/metrics"},
		"the write path knows nothing of GraphQL or HTTP"},
	{"seed", []string{"graph", "loaders", "editing", "internal/httpapi", "internal/gqlhttp", "internal/auth", "internal/export", "internal/metrics"},
		"the curated dataset is loaded through model, by the server or the seed command"},
	{"graph", []string{"internal/httpapi", "internal/gqlhttp", "internal/metrics", "internal/store", "internal/synth", "seed"},
		"resolvers know the domain, not the HTTP transport or the database's plumbing"},
}

// TestImportRules fails when a package imports one that its rule forbids.
func TestImportRules(t *testing.T) {
	for _, p := range load(t) {
		from := rel(p.PkgPath)
		for _, rule := range importRules {
			if !under(from, rule.pkg) {
				continue
			}
			for imp := range p.Imports {
				if !strings.HasPrefix(imp, module) {
					continue
				}
				if to := rel(imp); under(to, rule.forbid...) {
					t.Errorf("%s imports %s: %s", from, to, rule.why)
				}
			}
		}
	}
}

// sqlPackages may build and run SQL: model holds every query of the API and every
// write; the store opens the database and migrates it; the generator of synthetic
// national-scale data writes it in bulk with COPY; the test fixtures write their rows.
var sqlPackages = []string{"model", "internal/store", "internal/synth", "internal/fixture", "internal/testdb", "internal/compiled"}

// TestSQLOnlyInItsPackage fails when a package other than sqlPackages calls a method
// of gorm's query builder (*gorm.DB) or runs SQL through database/sql or pgx: the
// queries live in model, written once.
func TestSQLOnlyInItsPackage(t *testing.T) {
	var found []string
	for _, p := range load(t) {
		from := rel(p.PkgPath)
		if under(from, sqlPackages...) {
			continue
		}
		for _, file := range p.Syntax {
			ast.Inspect(file, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				s := p.TypesInfo.Selections[sel]
				if s == nil || s.Kind() != types.MethodVal {
					return true
				}
				if recv := typeName(s.Recv()); sqlRunner(recv) {
					pos := p.Fset.Position(call.Pos())
					found = append(found, strings.TrimPrefix(pos.String(), pos.Filename[:strings.Index(pos.Filename, "/"+strings.Split(from, "/")[0]+"/")+1])+": "+recv+"."+sel.Sel.Name)
				}
				return true
			})
		}
	}
	sort.Strings(found)
	for _, f := range found {
		t.Errorf("SQL outside model: %s", f)
	}
}

// typeName names a type by its package path and name, pointers removed.
func typeName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil {
		return n.Obj().Pkg().Path() + "." + n.Obj().Name()
	}
	return t.String()
}

func sqlRunner(name string) bool {
	switch name {
	case "gorm.io/gorm.DB", "database/sql.DB", "database/sql.Tx", "database/sql.Conn",
		"github.com/jackc/pgx/v5.Conn", "github.com/jackc/pgx/v5/pgxpool.Pool", "github.com/jackc/pgx/v5.Tx":
		return true
	}
	return false
}
