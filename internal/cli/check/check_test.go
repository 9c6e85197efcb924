package check

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	rules "github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
)

// parse runs 'check' with args and returns the options the run function got.
func parse(t *testing.T, args ...string) (*Options, error) {
	t.Helper()
	ios, _, _, _ := cmdutil.Test()
	var got *Options
	cmd := NewCmd(cmdutil.NewFactory(ios, nil), func(_ context.Context, o *Options) error {
		got = o
		return nil
	})
	cmd.SetArgs(args)
	cmd.SetOut(ios.Out)
	cmd.SetErr(ios.ErrOut)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.Execute()
	return got, err
}

func TestFlags(t *testing.T) {
	o, err := parse(t)
	if err != nil || o.FailOn != "error" || o.At.IsSet() {
		t.Fatalf("defaults: %+v, %v", o, err)
	}
	o, err = parse(t, "--fail-on", " Warning ", "--at", "26/11/2026")
	if err != nil || o.FailOn != "warning" || o.At.Date != domain.MustDate("2026-11-26") {
		t.Fatalf("--fail-on Warning --at: %+v, %v", o, err)
	}
	for _, bad := range []string{"info", "", "errors"} {
		o, err = parse(t, "--fail-on", bad)
		var fe *cmdutil.FlagError
		if o != nil || !errors.As(err, &fe) || !fe.NoUsage || !strings.Contains(err.Error(), "is not a severity to fail on") || strings.Contains(err.Error(), "FAIL_ON") || !strings.HasPrefix(err.Error(), "--fail-on: ") {
			t.Errorf("--fail-on %q: got %+v, %v; want a one-line usage error", bad, o, err)
		}
	}
	if o, err = parse(t, "extra"); o != nil || err == nil {
		t.Errorf("an argument must be refused: %+v, %v", o, err)
	}
}

func TestLimits(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(conf, []byte("check:\n  qualiopi_expiring_days: 30\n  fc_declaration_grace_days: 0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	load := func() (domain.CheckLimits, error) {
		ios, _, _, _ := cmdutil.Test()
		f := cmdutil.NewFactory(ios, nil)
		f.ConfigFlag = conf
		cfg, err := f.Config()
		if err != nil {
			return domain.CheckLimits{}, err
		}
		return cfg.Check, nil
	}
	t.Setenv("HABIL_CHECK_CERTIFICATION_ENDING_MONTHS", "18")
	l, err := load()
	want := domain.CheckLimits{ConventionExpiringDays: 90, CertificationEndingMonths: 18, QualiopiExpiringDays: 30, FCDeclarationGraceDays: 0, FCExportOldDays: 90, AuditOverdueMonths: 12, ResultsMissingDays: 30, DeliveryLateDays: 30, AccrochageDueDays: 60}
	want.CommitteeDueMonths, want.RoyaltyUnpaidDays, want.EvaluatorTrainingMonths, want.DocumentAckDays = 12, 60, 24, 30 // issue 17's defaults
	if err != nil || l != want {
		t.Fatalf("limits = %+v, %v; want %+v (default, env, file, file)", l, err, want)
	}
	for _, v := range []string{"-1", "ninety", "1.5"} {
		t.Setenv("HABIL_CHECK_CONVENTION_EXPIRING_DAYS", v)
		_, err := load()
		var de *domain.Error
		if !errors.As(err, &de) || de.Kind != domain.KindInvalid || de.Code != "CONFIG" ||
			!strings.Contains(de.Msg, `check.convention_expiring_days is "`+v+`"`) || !strings.Contains(de.Hint, "HABIL_CHECK_CONVENTION_EXPIRING_DAYS") {
			t.Errorf("value %q: got %v", v, err)
		}
	}
}

// TestHelpListsTheRegistry: 'check --help' is generated from the registry:
// every rule with its severities and thresholds (key and default), and the
// contract's codes not evaluated yet.
func TestHelpListsTheRegistry(t *testing.T) {
	ios, _, out, _ := cmdutil.Test()
	cmd := NewCmd(cmdutil.NewFactory(ios, nil), nil)
	cmd.SetArgs([]string{"--help"})
	cmd.SetOut(ios.Out)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	help := out.String()
	defaults := map[string]string{}
	for _, k := range app.Keys() {
		defaults[k.Name] = k.Default
	}
	for _, r := range rules.Rules() {
		if !regexp.MustCompile(`(?m)^  ` + r.Code + `\b`).MatchString(help) {
			t.Errorf("--help does not list %s", r.Code)
		}
		for _, k := range r.Thresholds {
			if _, ok := defaults[k]; !ok {
				t.Errorf("%s uses %s, which is not a configuration key", r.Code, k)
			}
			if !strings.Contains(strings.Join(strings.Fields(help), " "), k+": "+defaults[k]) {
				t.Errorf("--help does not give %s with its default %s", k, defaults[k])
			}
		}
	}
	for _, c := range rules.NotEvaluated() {
		if !strings.Contains(help, c.Code) {
			t.Errorf("--help does not list %s among the rules not evaluated yet", c.Code)
		}
	}
	// Every code of the contract's findings table is evaluated now (issues
	// 12-17): the help has no "not evaluated yet" section left.
	if len(rules.NotEvaluated()) != 0 || strings.Contains(help, "Not evaluated yet") {
		t.Errorf("codes still not evaluated: %v", rules.NotEvaluated())
	}
	for _, want := range []string{"AUDIT_OVERDUE", "ROYALTY_UNPAID", "ACCROCHAGE_OVERDUE", "SURVEY_DUE", "--format json prints an array of {code, severity, subject, message"} {
		if !strings.Contains(help, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
	for _, line := range strings.Split(Long(), "\n") {
		if len([]rune(line)) > 100 {
			t.Errorf("help line longer than 100 columns: %q", line)
		}
	}
}
