// Package check holds 'habil check': the nightly compliance check of the
// partner network, whose exit code (4) tells a script that something needs
// attention.
package check

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/sqlite"
	"github.com/spf13/cobra"
)

// Configuration keys of the thresholds (the grace period of France
// Compétences declarations, partner.GraceKey, is registered by 'partner
// reconcile', which applies it too).
const (
	ConventionExpiringKey  = "check.convention_expiring_days"
	CertificationEndingKey = "check.certification_ending_months"
	QualiopiExpiringKey    = "check.qualiopi_expiring_days"
)

// ExitFindings is the exit code when findings reach --fail-on.
const ExitFindings = 4

// Options are the flags of 'check'.
type Options struct {
	FailOn string // error (default) or warning
	At     cmdutil.DateFlag
}

// NewCmd builds 'habil check'.
func NewCmd(f *cmdutil.Factory, runF func(context.Context, *Options) error) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "check [--fail-on error|warning] [--at D]",
		Short: "Run the compliance check of the network; exit 4 when findings reach --fail-on",
		Long: `Evaluate every compliance rule at --at (default today) and list the findings, errors first.
It only reads the database. With --fail-on error (the default) it exits 4 when any finding is an
error; with --fail-on warning, when any is a warning or an error. A one-line summary goes to stderr.
In a nightly script, exit 4 means "read the findings"; 1, 2 or 5 mean the check could not run
(no such database, a bad flag or config value, the database busy).

Rules evaluated (thresholds in brackets are config keys, see 'habil help config'):
  CONVENTION_MISSING     error    an active partner habilitated at --at has no signed convention
                                  in force for that certification
  CONVENTION_EXPIRING    warning  a signed convention of an active partner ends within
                                  [check.convention_expiring_days: 90] days, the partner stays
                                  habilitated after it, and no signed convention takes over
  CONVENTION_EXPIRED     error    the last signed convention has ended (or was terminated) while the
                                  partner is still active and habilitated for that certification
  HABILITATION_BEYOND_REGISTRATION
                         error    a habilitation (of a partner not withdrawn), or a draft, sent or
                                  signed convention, runs past the certification's registration
                                  end (e.g. after a newer France Compétences export shortened it)
  CERTIFICATION_ENDING   warning  the registration ends within [check.certification_ending_months:
                                  12] months, or ended less than that ago (the message says so);
                                  info once it ended longer ago (kept for the history)
  QUALIOPI_EXPIRING      warning  an active partner's recorded Qualiopi certificate ends within
                                  [check.qualiopi_expiring_days: 60] days
  QUALIOPI_EXPIRED       error    ... or has ended
  FC_UNKNOWN_PARTNER     error    from the last 'habil partner reconcile': an organisation listed by
                                  France Compétences for one of your certifications that is not
                                  your active, habilitated partner
  FC_REGISTER_MISMATCH   warning  from the last 'partner reconcile': a habilitation not listed there
                                  [check.fc_declaration_grace_days: 60] days after it started, or
                                  listed differently (its notes, FC_FICHE_MISSING and
                                  FC_CERTIFIER_LISTED, come as info)
  FC_RECONCILE_NEVER     info     'partner reconcile' was never run

Only active partners are checked for conventions and Qualiopi: a suspended partner may neither
train nor assess, and is checked again once reactivated. A convention that ends together with
the habilitation or the registration is not a finding. Reconcile findings are those of the last
run: run 'habil partner reconcile' again after fixing them.

Not evaluated yet (these rules need data habil does not record yet):
  AUDIT_OVERDUE, NONCONFORMITY_OVERDUE     evaluated once habil records audits and corrective actions
  RESULTS_MISSING, DELIVERY_LATE           evaluated once habil records sessions, juries and certificates
  ACCROCHAGE_DUE, ACCROCHAGE_OVERDUE,
  ACCROCHAGE_REJECTED                      evaluated once habil records the CPF accrochage
  SURVEY_DUE                               evaluated once habil records the holders' surveys
  FC_STATISTICS_DUE                        evaluated once habil records statistics sent to France Compétences
  WEBSITE_FINDING                          evaluated once habil records 'audit web' results

--format json prints an array of {code, severity, subject, message, certification, siret,
convention, due_date} ([] when nothing is found); subject is the SIRET, the convention number or
the certification code.`,
		Example: `  habil check
  habil check --fail-on warning --format json > check.json
  habil check --at 2027-01-01          # what will be due at New Year
  HABIL_CHECK_QUALIOPI_EXPIRING_DAYS=90 habil check`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s := strings.ToLower(strings.TrimSpace(o.FailOn))
			if s != string(domain.SeverityError) && s != string(domain.SeverityWarning) {
				return cmdutil.FlagValue("fail-on", domain.Invalid("FAIL_ON", "%q is not a severity to fail on: use error (the default) or warning", o.FailOn))
			}
			o.FailOn = s
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return checkRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.FailOn, "fail-on", "error", "exit 4 when a finding is at least this severe: error or warning")
	_ = cmd.RegisterFlagCompletionFunc("fail-on", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"error", "warning"}, cobra.ShellCompDirectiveNoFileComp
	})
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

// FindingJSON is a finding in --format json: the contract's keys code,
// severity, subject and message, plus certification, siret, convention and
// due_date (null when they do not apply).
type FindingJSON struct {
	Code          string  `json:"code"`
	Severity      string  `json:"severity"`
	Subject       string  `json:"subject"`
	Message       string  `json:"message"`
	Certification *string `json:"certification"`
	SIRET         *string `json:"siret"`
	Convention    *string `json:"convention"`
	DueDate       *string `json:"due_date"`
}

// ToFindingJSON converts a finding.
func ToFindingJSON(x domain.Finding) FindingJSON {
	return FindingJSON{Code: x.Code, Severity: string(x.Severity), Subject: x.Subject, Message: x.Message,
		Certification: cmdutil.NullString(string(x.Certification)), SIRET: cmdutil.NullString(x.SIRET),
		Convention: cmdutil.NullString(x.Convention), DueDate: cmdutil.NullString(x.DueDate.String())}
}

func checkRun(ctx context.Context, f *cmdutil.Factory, o *Options) error {
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	limits := cfg.Check
	// A check never creates a database: a wrong path must not pass as a
	// clean network.
	path, err := f.DBPath()
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return domain.NotFound("the database %s does not exist: there is nothing to check", path).
			WithHint("give the database with --db PATH or HABIL_DB; 'habil init' creates one")
	}
	db, err := f.DB(ctx)
	if err != nil {
		return err
	}
	if _, err := db.Certifier(ctx); err != nil {
		return err
	}
	at := f.At(&o.At)
	in := domain.CheckInput{At: at, Limits: limits}
	if in.Certifications, err = db.Certifications(ctx); err != nil {
		return err
	}
	if in.Partners, err = db.Partners(ctx, sqlite.PartnerFilter{}); err != nil {
		return err
	}
	if in.Conventions, err = db.Conventions(ctx, sqlite.ConventionFilter{}); err != nil {
		return err
	}
	run, err := db.LastReconcile(ctx)
	if err != nil {
		return err
	}
	if run != nil {
		in.Reconcile = &domain.CheckReconcile{At: run.At, Source: run.Source, Findings: run.Findings}
	}
	findings := domain.Check(in)

	counts := map[domain.Severity]int{}
	js := make([]FindingJSON, 0, len(findings))
	rows := make([][]string, 0, len(findings))
	cell := func(s string) string { // "-" in tables, empty in CSV
		if f.Format == "table" {
			return cmdutil.Orempty(s)
		}
		return s
	}
	for _, x := range findings {
		counts[x.Severity]++
		js = append(js, ToFindingJSON(x))
		rows = append(rows, []string{string(x.Severity), x.Code, x.Subject, cell(string(x.Certification)), cell(x.DueDate.String()), x.Message})
	}
	if len(findings) > 0 || f.Format != "table" {
		if err := cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{
			Headers: []string{"severity", "code", "subject", "certification", "due_date", "message"},
			Rows:    rows, JSON: js,
		}); err != nil {
			return err
		}
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "%s, %s, %d info at %s\n",
		count(counts[domain.SeverityError], "error"), count(counts[domain.SeverityWarning], "warning"), counts[domain.SeverityInfo], at)
	failRank := domain.Severity(o.FailOn).Rank()
	for _, x := range findings {
		if x.Severity.Rank() <= failRank {
			return cmdutil.SilentExit(ExitFindings)
		}
	}
	return nil
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
