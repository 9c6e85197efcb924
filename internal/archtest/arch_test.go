// Package archtest enforces habil's import rules (see README, "Architecture").
package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/habil-app/habil/"

// internalRules: which habil packages each package may import. A rule ending
// in "/..." covers the folder and everything below it. Every habil package
// must be listed, so that a new package comes with a decision.
var internalRules = map[string][]string{
	"cmd/habil":           {"internal/cli"},
	"internal/domain":     {},
	"internal/atomicfile": {},
	"internal/buildinfo":  {},
	"internal/archtest":   {},
	// The application layer: use cases over domain types and the
	// domain.Store interface. It never sees a storage or file-format
	// library: the CLI gives it the adapters it needs.
	"internal/app":      {"internal/domain", "internal/importer", "internal/report", "internal/check", "internal/fcexport", "internal/atomicfile"},
	"internal/app/...":  {"internal/app", "internal/domain", "internal/importer", "internal/report", "internal/check", "internal/fcexport", "internal/atomicfile"},
	"internal/check":    {"internal/domain"},
	"internal/sqlite":   {"internal/domain", "internal/atomicfile"},
	"internal/importer": {"internal/domain"},
	"internal/report":   {"internal/domain"},
	"internal/fcexport": {"internal/domain"},
	"internal/cpf":      {"internal/domain"},
	"internal/xlsx":     {"internal/importer", "internal/report", "internal/domain", "internal/atomicfile"},
	"internal/csvfr":    {"internal/importer", "internal/report", "internal/domain", "internal/atomicfile"},
	"internal/pdf":      {"internal/report", "internal/domain", "internal/atomicfile"},
	// The web page fetcher of 'audit web' (net/http): only the CLI uses it,
	// the application layer gets pages through its own func type.
	"internal/httpfetch": {},
	// The CLI is the composition root: it may import any package, but a
	// command group never imports another one (shared command code lives in
	// cmdutil); only the root wires the groups, and the end-to-end tests
	// run the root.
	"internal/cli":          {"internal/..."},
	"internal/cli/cmdutil":  {"internal/app", "internal/domain", "internal/sqlite", "internal/atomicfile", "internal/importer", "internal/buildinfo", "internal/csvfr", "internal/xlsx", "internal/pdf", "internal/report"},
	"internal/cli/e2e":      {"internal/cli", "internal/xlsx", "internal/domain"},
	"internal/cli/e2e/more": {"internal/cli/e2e"},
	"internal/cli/...":      {"internal/cli/cmdutil", "internal/app", "internal/app/...", "internal/domain", "internal/importer", "internal/report", "internal/check", "internal/fcexport", "internal/atomicfile", "internal/buildinfo", "internal/xlsx", "internal/csvfr", "internal/pdf", "internal/cpf", "internal/sqlite", "internal/httpfetch"},
}

// cliNoStore: command packages that must not see the store: they go
// through the application layer. (The factory in cmdutil opens it.)
var cliNoStore = []string{"internal/cli/"}

// domainStd is the allow-list of standard-library packages for
// internal/domain (its tests included): entities, values and rules need no
// network, database, process or file-system access.
var domainStd = map[string]bool{
	"context": true, "encoding/json": true, "errors": true, "fmt": true, "math": true, "math/big": true,
	"regexp": true, "sort": true, "slices": true, "maps": true, "strconv": true, "strings": true, "time": true,
	"unicode": true, "unicode/utf8": true, "bytes": true, "cmp": true,
	// tests
	"testing": true, "reflect": true,
}

// thirdParty: which packages may import a dependency (by import-path prefix).
// A dependency not listed here may not be imported at all.
var thirdParty = map[string][]string{
	"modernc.org/sqlite":                         {"internal/sqlite"},
	"github.com/xuri/excelize/":                  {"internal/xlsx"},
	"golang.org/x/image/":                        {"internal/pdf"},
	"golang.org/x/text/":                         {"internal/csvfr"},
	"github.com/spf13/cobra":                     {"internal/cli/..."},
	"github.com/spf13/pflag":                     {"internal/cli/..."},
	"github.com/spf13/viper":                     {"internal/cli/..."},
	"github.com/olekukonko/":                     {"internal/cli/..."},
	"github.com/mattn/go-isatty":                 {"internal/cli/..."},
	"github.com/rogpeppe/go-internal/testscript": {"internal/cli/e2e"},
}

func match(rule, pkg string) bool {
	if base, ok := strings.CutSuffix(rule, "/..."); ok {
		return pkg == base || strings.HasPrefix(pkg, base+"/")
	}
	return pkg == rule
}

// ruleFor returns the rule of pkg: its own entry, else the longest folder
// rule that covers it.
func ruleFor(pkg string) ([]string, bool) {
	if r, ok := internalRules[pkg]; ok {
		return r, true
	}
	best := ""
	for k := range internalRules {
		if strings.HasSuffix(k, "/...") && match(k, pkg) && len(k) > len(best) {
			best = k
		}
	}
	if best == "" {
		return nil, false
	}
	return internalRules[best], true
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// edge is one import of one package; test is true for its tests' imports.
type edge struct {
	pkg, imp string
	test     bool
}

// testExtra: what the tests of a package may import besides its rule. The
// application layer is tested over the real store and file adapters.
var testExtra = map[string][]string{
	"internal/app/...": {"internal/sqlite", "internal/xlsx", "internal/csvfr", "internal/pdf", "internal/cpf"},
}

func edges(t *testing.T) []edge {
	t.Helper()
	out, err := exec.Command("go", "list", "-f",
		`{{.ImportPath}}|{{join .Imports " "}}|{{join .TestImports " "}} {{join .XTestImports " "}}`, module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var l []edge
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "|")
		pkg := strings.TrimPrefix(f[0], module)
		l = append(l, edge{pkg: pkg})
		for _, imp := range strings.Fields(f[1]) {
			l = append(l, edge{pkg: pkg, imp: imp})
		}
		for _, imp := range strings.Fields(f[2]) {
			l = append(l, edge{pkg: pkg, imp: imp, test: true})
		}
	}
	return l
}

// violations lists every broken rule among the edges.
func violations(es []edge) []string {
	var bad []string
	seen := map[string]bool{}
	for _, e := range es {
		pkg, imp := e.pkg, e.imp
		allowed, ok := ruleFor(pkg)
		if !ok {
			if !seen[pkg] {
				bad = append(bad, "package "+pkg+" has no import rule: add it to internalRules")
				seen[pkg] = true
			}
			continue
		}
		switch {
		case imp == "":
		case isStd(imp):
			if pkg == "internal/domain" && !domainStd[imp] {
				bad = append(bad, "internal/domain imports "+imp+": the domain uses only "+stdList())
			}
		case strings.HasPrefix(imp, module):
			ip := strings.TrimPrefix(imp, module)
			if ip == pkg {
				continue
			}
			okEdge := false
			for _, a := range allowed {
				if match(a, ip) {
					okEdge = true
				}
			}
			if e.test {
				for k, extra := range testExtra {
					if match(k, pkg) {
						for _, a := range extra {
							okEdge = okEdge || match(a, ip)
						}
					}
				}
			}
			if okEdge && ip == "internal/sqlite" {
				for _, p := range cliNoStore {
					if strings.HasPrefix(pkg, p) && pkg != "internal/cli/cmdutil" {
						okEdge = false
					}
				}
			}
			if !okEdge {
				bad = append(bad, "forbidden import: "+pkg+" -> "+ip)
			}
		default:
			okEdge, listed := false, false
			for prefix, who := range thirdParty {
				if strings.HasPrefix(imp, prefix) {
					listed = true
					for _, w := range who {
						if match(w, pkg) {
							okEdge = true
						}
					}
				}
			}
			if !listed {
				bad = append(bad, pkg+" imports "+imp+", a dependency with no confinement rule: add it to thirdParty")
			} else if !okEdge {
				bad = append(bad, "forbidden dependency: "+pkg+" -> "+imp)
			}
		}
	}
	return bad
}

func stdList() string {
	var l []string
	for k := range domainStd {
		l = append(l, k)
	}
	return strings.Join(l, ", ")
}

func TestImportRules(t *testing.T) {
	for _, v := range violations(edges(t)) {
		t.Error(v)
	}
}

// TestRulesCatchViolations feeds the checker the edges each rule forbids, so
// that the test above cannot pass vacuously.
func TestRulesCatchViolations(t *testing.T) {
	bad := []edge{
		{"internal/domain", "net/http", true},
		{"internal/domain", "database/sql", false},
		{"internal/domain", "os/exec", false},
		{"internal/domain", "os", false},
		{"internal/domain", module + "internal/sqlite", false},
		{"cmd/habil", module + "internal/xlsx", false},
		{"cmd/habil", module + "internal/domain", false},
		{"internal/cli/partner", module + "internal/cli/convention", false},
		{"internal/cli/check", module + "internal/cli/partner", false},
		{"internal/cli/partner", module + "internal/sqlite", false},
		{"internal/app", module + "internal/sqlite", false},
		{"internal/app", module + "internal/xlsx", false},
		{"internal/app", "github.com/spf13/cobra", false},
		{"internal/sqlite", module + "internal/importer", false},
		{"internal/pdf", "modernc.org/sqlite", false},
		{"internal/newpkg", "fmt", false},
		{"internal/check", module + "internal/sqlite", true},
	}
	for _, e := range bad {
		if v := violations([]edge{e}); len(v) == 0 {
			t.Errorf("%s -> %s is not reported", e.pkg, e.imp)
		}
	}
	good := []edge{
		{"internal/domain", "strings", false},
		{"cmd/habil", module + "internal/cli", false},
		{"internal/cli/partner", module + "internal/cli/cmdutil", false},
		{"internal/cli/partner", module + "internal/app", false},
		{"internal/cli", module + "internal/cli/partner", false},
		{"internal/cli/cmdutil", module + "internal/sqlite", false},
		{"internal/app", module + "internal/domain", false},
		{"internal/app", module + "internal/sqlite", true},
	}
	for _, e := range good {
		if v := violations([]edge{e}); len(v) != 0 {
			t.Errorf("%s -> %s is reported: %v", e.pkg, e.imp, v)
		}
	}
}

// TestMatch checks the rule matcher itself.
func TestMatch(t *testing.T) {
	if !match("internal/cli/...", "internal/cli/admin") || !match("internal/cli/...", "internal/cli") {
		t.Error("folder rule does not match its packages")
	}
	if match("internal/cli/...", "internal/clix") || match("internal/sqlite", "internal/sqlite/x") {
		t.Error("rule matches a different package")
	}
}
