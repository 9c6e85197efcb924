package audit

import (
	"context"
	"strconv"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// ListOptions are the flags of 'audit list'.
type ListOptions struct {
	Partner string
	Open    bool
	At      cmdutil.DateFlag
}

// NewCmdList builds 'audit list'.
func NewCmdList(f *cmdutil.Factory, runF func(context.Context, *ListOptions) error) *cobra.Command {
	o := &ListOptions{}
	cmd := &cobra.Command{
		Use:   "list [--partner SIRET] [--open]",
		Short: "List the recorded audits with their non-conformities and the partner's compliance",
		Long: `List the recorded audits, oldest first: id, partner, date, auditor, items, non-conformities
(findings), those still open and those open past their deadline (overdue), and the partner's
compliance status (compliant, partially_compliant: open minor non-conformities only,
not_compliant: an open major one, not_audited). --open keeps the audits with an open
non-conformity.`,
		Example: `  habil audit list
  habil audit list --open
  habil audit list --partner 73282932000074 --format json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return listRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Partner, "partner", "", "only this partner's audits (SIRET)")
	cmd.Flags().BoolVar(&o.Open, "open", false, "only the audits with a non-conformity still open")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

// auditJSON is one audit in 'audit list --format json'.
type auditJSON struct {
	ID         int64  `json:"id"`
	SIRET      string `json:"siret"`
	Name       string `json:"name"`
	Date       string `json:"date"`
	Auditor    string `json:"auditor"`
	Checklist  string `json:"checklist_version"`
	Items      int    `json:"items"`
	Findings   int    `json:"findings"`
	Open       int    `json:"open"`
	Overdue    int    `json:"overdue"`
	Compliance string `json:"compliance"`
}

func listRun(ctx context.Context, f *cmdutil.Factory, o *ListOptions) error {
	var siret domain.SIRET
	if o.Partner != "" {
		var err error
		if siret, err = cmdutil.ParseSIRETArg("partner", o.Partner); err != nil {
			return err
		}
	}
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	list, err := a.AuditList(ctx, siret, o.Open, f.At(&o.At))
	if err != nil {
		return err
	}
	rows := [][]string{}
	js := []auditJSON{}
	for _, s := range list {
		au := s.Audit
		rows = append(rows, []string{strconv.FormatInt(au.ID, 10), string(au.PartnerSIRET), au.PartnerName, au.Date.String(), au.Auditor,
			strconv.Itoa(s.Items), strconv.Itoa(s.Findings), strconv.Itoa(s.Open), strconv.Itoa(s.Overdue), string(s.Compliance)})
		js = append(js, auditJSON{ID: au.ID, SIRET: string(au.PartnerSIRET), Name: au.PartnerName, Date: au.Date.String(), Auditor: au.Auditor,
			Checklist: au.ChecklistVersion, Items: s.Items, Findings: s.Findings, Open: s.Open, Overdue: s.Overdue, Compliance: string(s.Compliance)})
	}
	empty := "No audit recorded: record one with 'habil audit record SIRET FILE --date D --auditor NAME'."
	if o.Open {
		empty = "No audit has an open non-conformity."
	}
	return cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{
		Headers: []string{"id", "siret", "name", "date", "auditor", "items", "findings", "open", "overdue", "compliance"},
		Rows:    rows, JSON: js, Empty: empty,
	})
}
