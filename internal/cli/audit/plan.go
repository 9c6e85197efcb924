package audit

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// PlanOptions are the flags of 'audit plan'.
type PlanOptions struct {
	Year int
	At   cmdutil.DateFlag
	Out  string
}

// NewCmdPlan builds 'audit plan'.
func NewCmdPlan(f *cmdutil.Factory, runF func(context.Context, *PlanOptions) error) *cobra.Command {
	o := &PlanOptions{}
	cmd := &cobra.Command{
		Use:   "plan [--year Y] [--at D] [--out FILE.xlsx]",
		Short: "Rank the active partners by risk, most urgent first, with the reasons",
		Long: `Rank every active partner by risk, most urgent first, to plan the audits of the network.

The order:
  1. a partner never audited comes before a partner audited;
  2. then the one audited longest ago — for a partner never audited, counted from the start of
     its first habilitation (the same reference AUDIT_OVERDUE uses);
  3. then the one with more open findings (non-conformities not closed);
  4. then the higher score; ties are broken by SIRET.

The score adds up the factors shown as reasons, with their points: never audited (+30); one
point per month since the last audit or the first habilitation (at most 48); each open finding
(+15 major, +5 minor) and each corrective action past its deadline (+10); compliance not
compliant (+20) or partially compliant (+10); a new partner, first habilitated less than 12
months ago (+10); a Qualiopi certificate ended or ending within check.qualiopi_expiring_days
(+10); the partner's findings in the last 'partner reconcile' and in its last 'audit web' check
(+5 each, at most 15 each). Candidates presented and pass rates are not scored yet: habil records
no sessions.

--year Y keeps the partners due in year Y: never audited, or whose last audit + 12 months falls
in Y or before (an audit overdue since an earlier year is still due).

--format json gives an array of {siret, name, score, reasons, never_audited, last_audit,
reference, due, months, open_findings, open_major, overdue_actions, compliance}. --out writes
the plan as a spreadsheet (.xlsx, or .csv) with French headers for the quality manager.`,
		Example: `  habil audit plan
  habil audit plan --year 2027 --format json
  habil audit plan --out plan-audits-2027.xlsx --year 2027`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Year != 0 && (o.Year < 1900 || o.Year > 9999) {
				return cmdutil.FlagValue("year", fmt.Errorf("%d is not a year (e.g. 2027)", o.Year))
			}
			if o.Out != "" {
				if _, err := cmdutil.OutExt(o.Out, ".xlsx", ".csv"); err != nil {
					return err
				}
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return planRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().IntVar(&o.Year, "year", 0, "only the partners due in this year (never audited, or last audit + 12 months in it or before)")
	cmd.Flags().StringVar(&o.Out, "out", "", "write the plan as a spreadsheet (.xlsx or .csv, French headers) instead of printing it")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

// PlanJSON is one partner of the plan in --format json (contract keys
// first).
type PlanJSON struct {
	SIRET          string   `json:"siret"`
	Name           string   `json:"name"`
	Score          int      `json:"score"`
	Reasons        []string `json:"reasons"`
	NeverAudited   bool     `json:"never_audited"`
	LastAudit      *string  `json:"last_audit"`
	Reference      *string  `json:"reference"`
	Due            *string  `json:"due"`
	Months         int      `json:"months"`
	OpenFindings   int      `json:"open_findings"`
	OpenMajor      int      `json:"open_major"`
	OverdueActions int      `json:"overdue_actions"`
	Compliance     string   `json:"compliance"`
}

func planRun(ctx context.Context, f *cmdutil.Factory, o *PlanOptions) error {
	if o.Out != "" {
		if err := f.CheckOut(o.Out); err != nil {
			return err
		}
	}
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	res, err := a.AuditPlan(ctx, app.AuditPlanInput{At: f.At(&o.At), Year: o.Year})
	if err != nil {
		return err
	}
	if o.Out != "" {
		return writePlanFile(f, o.Out, res)
	}
	js := make([]PlanJSON, 0, len(res.Entries))
	var rows [][]string
	sessionsNote := false
	for i, e := range res.Entries {
		reasons := e.Reasons
		if reasons == nil {
			reasons = []string{}
		}
		js = append(js, PlanJSON{SIRET: string(e.SIRET), Name: e.Name, Score: e.Score, Reasons: reasons,
			NeverAudited: e.NeverAudited, LastAudit: cmdutil.NullString(e.LastAudit.String()), Reference: cmdutil.NullString(e.Reference.String()), Due: cmdutil.NullString(e.Due.String()),
			Months: e.Months, OpenFindings: e.OpenFindings, OpenMajor: e.OpenMajor, OverdueActions: e.Overdue, Compliance: string(e.Compliance)})
		shown := make([]string, 0, len(reasons))
		for _, r := range reasons {
			// Every partner carries it while habil records no sessions:
			// the table says it once below instead of on every row.
			if r == domain.PlanNoSessions && f.Format == "table" {
				sessionsNote = true
				continue
			}
			shown = append(shown, r)
		}
		last := "never"
		if !e.LastAudit.IsZero() {
			last = e.LastAudit.String()
		}
		name := e.Name
		if f.Format == "table" {
			name = planTruncate(name, 42)
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), string(e.SIRET), name, strconv.Itoa(e.Score), last,
			strconv.Itoa(e.OpenFindings), string(e.Compliance), strings.Join(shown, "; ")})
	}
	empty := "No active partner to plan."
	if o.Year != 0 {
		empty = fmt.Sprintf("No active partner due for an audit in %d.", o.Year)
	}
	if err := cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{
		Headers: []string{"RANK", "SIRET", "NAME", "SCORE", "LAST AUDIT", "OPEN FINDINGS", "COMPLIANCE", "REASONS"},
		Rows:    rows, JSON: js, Empty: empty,
	}); err != nil {
		return err
	}
	if sessionsNote {
		fmt.Fprintln(f.IOStreams.ErrOut, "Candidates presented and pass rates are not scored yet: habil records no sessions.")
	}
	return nil
}

// writePlanFile writes the plan as a spreadsheet with French headers (the
// same sheet as report all's audit-plan.xlsx).
func writePlanFile(f *cmdutil.Factory, path string, res *app.AuditPlanResult) error {
	if err := cmdutil.WriteAppTable(path, f.Now(), app.AuditPlanTable(res)); err != nil {
		return err
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Audit plan at %s: %s written to %s.\n", res.At, cmdutil.Count(len(res.Entries), "partner"), path)
	return nil
}

// planTruncate shortens a name for the table (the JSON and CSV keep it whole).
func planTruncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
