package e2e

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/cli"
	"github.com/rogpeppe/go-internal/testscript"
)

// Main is the TestMain of a scenario package: the test binary doubles as
// the habil command the scenarios run.
func Main(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"habil": func() { os.Exit(cli.Main()) },
	})
}

// Parts is the number of test packages the scenarios are shared between,
// so that each runs within a minute on two cores: part 1 in this package,
// part 2 in internal/cli/e2e/more.
const Parts = 2

// Part says which package runs the scenario file name: the conventions,
// certifications, documents and file-safety flows in part 2, the partner,
// check, report and administration flows in part 1.
func Part(name string) int {
	for _, p := range []string{"convention_", "certification_", "demo", "text_", "db_", "out_", "habilitation_", "habilitate_", "session_", "cohort_"} {
		if strings.HasPrefix(name, p) {
			return 2
		}
	}
	return 1
}

// Run runs the end-to-end scenarios of testdata/script of one part (see
// Part) with the real binary. Each scenario gets its own HOME, config folder and database.
//
// Extra commands:
//
//	exits N habil args…   run and require exit code N exactly
//	cp1252 SRC DST        write DST as the Windows-1252 (CRLF) bytes of SRC
//	mkxlsx SRC DST        build an .xlsx from a tab-separated description (#123 = number cell)
//	unbase64 SRC DST      decode the base64 text of SRC into the bytes of DST (e.g. a small SQLite file)
//	httpserve DIR         serve the files of DIR on 127.0.0.1 and set $URL (/loop: a redirect loop)
//
// Condition [tool:NAME] is true when NAME is installed; when it is not and
// HABIL_TEST_STRICT=1, the condition is an error and the scenario fails, so
// CI never skips. Scenarios write: [!tool:xmllint] skip 'xmllint is not installed'.
//
//	filemode PERM FILE    require the file's permission bits
func Run(t *testing.T, testdata string, part int) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(testdata, "script", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenario in %s: %v", filepath.Join(testdata, "script"), err)
	}
	var mine []string
	for _, f := range files {
		if Part(filepath.Base(f)) == part {
			mine = append(mine, f)
		}
	}
	if len(mine) == 0 {
		t.Fatalf("no scenario in part %d", part)
	}
	testscript.Run(t, testscript.Params{
		Files:               mine,
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			work := env.WorkDir
			env.Setenv("HOME", work)
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(work, ".config"))
			env.Setenv("XDG_DATA_HOME", filepath.Join(work, ".local", "share"))
			env.Setenv("HABIL_DB", filepath.Join(work, "habil.db"))
			env.Setenv("TESTDATA", testdata)
			env.Setenv("TZ", "Europe/Paris")
			return nil
		},
		Condition: func(cond string) (bool, error) {
			tool, ok := strings.CutPrefix(cond, "tool:")
			if !ok {
				return false, fmt.Errorf("unknown condition %q", cond)
			}
			if _, err := exec.LookPath(tool); err != nil {
				if os.Getenv("HABIL_TEST_STRICT") == "1" {
					return false, fmt.Errorf("%s is not installed and HABIL_TEST_STRICT=1: apt-get install -y libxml2-utils poppler-utils", tool)
				}
				fmt.Fprintf(os.Stderr, "SKIP: %s is not installed (apt-get install -y libxml2-utils poppler-utils)\n", tool)
				return false, nil
			}
			return true, nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"cp1252":   cmdCP1252,
			"unbase64": cmdUnbase64,
			"mkxlsx":   cmdMkXLSX,

			"ctrlenv": cmdCtrlEnv, // control characters as $VAR
			"sql":     cmdSQL,     // write behind habil's back

			"httpserve": cmdHTTPServe, // serve DIR on 127.0.0.1, set $URL
			"exits": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: exits N command args…")
				}
				want, err := strconv.Atoi(args[0])
				if err != nil {
					ts.Fatalf("exits: %v", err)
				}
				err = ts.Exec(args[1], args[2:]...)
				got := 0
				var ee *exec.ExitError
				if errors.As(err, &ee) {
					got = ee.ExitCode()
				} else if err != nil {
					ts.Fatalf("exits: %v", err)
				}
				if got != want {
					ts.Fatalf("exit code %d, want %d", got, want)
				}
			},
			"filemode": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 2 {
					ts.Fatalf("usage: filemode PERM FILE")
				}
				want, err := strconv.ParseUint(args[0], 8, 32)
				if err != nil {
					ts.Fatalf("filemode: %v", err)
				}
				st, err := os.Stat(ts.MkAbs(args[1]))
				if err != nil {
					ts.Fatalf("filemode: %v", err)
				}
				if got := st.Mode().Perm(); (uint64(got) == want) == neg {
					ts.Fatalf("%s has mode %04o, want %04o", args[1], got, want)
				}
			},
		},
	})
}
