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
	"cmd/habil":           {"internal/cli", "internal/xlsx"}, // xlsx: test helpers only
	"internal/domain":     {},
	"internal/atomicfile": {},
	"internal/buildinfo":  {},
	"internal/archtest":   {},
	"internal/sqlite":     {"internal/domain"},
	"internal/importer":   {"internal/domain"},
	"internal/report":     {"internal/domain"},
	"internal/fcexport":   {"internal/domain"},
	"internal/cpf":        {"internal/domain"},
	"internal/xlsx":       {"internal/importer", "internal/report", "internal/domain"},
	"internal/csvfr":      {"internal/importer", "internal/report", "internal/domain"},
	"internal/pdf":        {"internal/report", "internal/domain"},
	"internal/cli/...":    {"internal/..."},
}

// thirdParty: which packages may import a dependency (by import-path prefix).
// A dependency not listed here may not be imported at all.
var thirdParty = map[string][]string{
	"modernc.org/sqlite":                         {"internal/sqlite"},
	"github.com/xuri/excelize/":                  {"internal/xlsx"},
	"github.com/go-pdf/fpdf":                     {"internal/pdf"},
	"golang.org/x/image/":                        {"internal/pdf"},
	"golang.org/x/text/":                         {"internal/csvfr"},
	"github.com/spf13/cobra":                     {"internal/cli/..."},
	"github.com/spf13/pflag":                     {"internal/cli/..."},
	"github.com/spf13/viper":                     {"internal/cli/..."},
	"github.com/olekukonko/":                     {"internal/cli/..."},
	"github.com/mattn/go-isatty":                 {"internal/cli/..."},
	"github.com/rogpeppe/go-internal/testscript": {"cmd/habil"},
}

func match(rule, pkg string) bool {
	if base, ok := strings.CutSuffix(rule, "/..."); ok {
		return pkg == base || strings.HasPrefix(pkg, base+"/")
	}
	return pkg == rule
}

func ruleFor(pkg string) ([]string, bool) {
	if r, ok := internalRules[pkg]; ok {
		return r, true
	}
	for k, r := range internalRules {
		if strings.HasSuffix(k, "/...") && match(k, pkg) {
			return r, true
		}
	}
	return nil, false
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func TestImportRules(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}} {{join .TestImports " "}}`, module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg := strings.TrimPrefix(f[0], module)
		allowed, ok := ruleFor(pkg)
		if !ok {
			t.Errorf("package %s has no import rule: add it to internalRules", pkg)
			continue
		}
		for _, imp := range f[1:] {
			switch {
			case isStd(imp):
				if pkg == "internal/domain" && imp == "C" {
					t.Errorf("%s imports C", pkg)
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
				if !okEdge {
					t.Errorf("forbidden import: %s -> %s", pkg, ip)
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
					t.Errorf("%s imports %s, a dependency with no confinement rule: add it to thirdParty", pkg, imp)
				} else if !okEdge {
					t.Errorf("forbidden dependency: %s -> %s", pkg, imp)
				}
			}
		}
	}
}

// TestMatch checks the rule matcher itself, so that the test above cannot pass vacuously.
func TestMatch(t *testing.T) {
	if !match("internal/cli/...", "internal/cli/admin") || !match("internal/cli/...", "internal/cli") {
		t.Error("folder rule does not match its packages")
	}
	if match("internal/cli/...", "internal/clix") || match("internal/sqlite", "internal/sqlitex") {
		t.Error("rule matches a different package")
	}
}
