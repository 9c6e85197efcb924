package convention

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// ListOptions are the flags of 'convention list'.
type ListOptions struct {
	Status         string
	ExpiringWithin int
	Partner        string
	Certification  string
	At             cmdutil.DateFlag
	expiringSet    bool
}

// NewCmdList builds 'convention list'.
func NewCmdList(f *cmdutil.Factory, runF func(context.Context, *ListOptions) error) *cobra.Command {
	o := &ListOptions{}
	cmd := &cobra.Command{
		Use:   "list [--status S] [--expiring-within DAYS] [--partner SIRET] [--certification CODE] [--at D]",
		Short: "List conventions with their period and status",
		Long: `List the conventions by number. Filters combine:

  --status S                draft, sent, signed, ended or terminated
  --expiring-within DAYS    signed conventions whose end date falls within DAYS of --at
                            (the renewal campaign: habil convention list --expiring-within 90)
  --partner SIRET           of this partner
  --certification CODE      on this certification

--format json adds in_force (signed and covering --at), the scope, the fees as decimal strings
(null when a fee does not apply), the dates of each step, the avenants, the certifier's own
reference and what was signed (null when none).`,
		Example: `  habil convention list
  habil convention list --status signed --certification RNCP35419
  habil convention list --status draft,sent                      # awaiting signature
  habil convention list --expiring-within 90 --at 2026-10-01 --format csv`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.expiringSet = cmd.Flags().Changed("expiring-within")
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return listRun(cmd.Context(), f, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Status, "status", "", "only these statuses: draft, sent, signed, ended or terminated, or a comma list (draft,sent), or all")
	fl.IntVar(&o.ExpiringWithin, "expiring-within", 0, "only signed conventions ending within DAYS of --at")
	fl.StringVar(&o.Partner, "partner", "", "only this partner's conventions (SIRET)")
	fl.StringVar(&o.Certification, "certification", "", "only conventions on this certification")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func (o *ListOptions) filter(at domain.Date) (domain.ConventionFilter, error) {
	var flt domain.ConventionFilter
	if o.Status != "" {
		l, err := domain.ParseConventionStatuses(o.Status)
		if err != nil {
			return flt, cmdutil.FlagValue("status", err)
		}
		if len(l) == 1 {
			flt.Status = l[0]
		} else if len(l) < len(domain.AllConventionStatuses) {
			flt.Statuses = l
		}
	}
	if o.expiringSet {
		if o.ExpiringWithin >= 0 && o.Status != "" && (flt.Status != domain.ConventionSigned || len(flt.Statuses) > 0) {
			return flt, cmdutil.FlagErrorf("--expiring-within lists signed conventions: it cannot be combined with --status %s", o.Status)
		}
		if err := flt.ExpiringWithin(at, o.ExpiringWithin); err != nil {
			return flt, cmdutil.FlagValue("expiring-within", err)
		}
	}
	if o.Partner != "" {
		s, err := domain.ParseSIRET(o.Partner)
		if err != nil {
			return flt, cmdutil.FlagValue("partner", err)
		}
		flt.Partner = s
	}
	if o.Certification != "" {
		c, err := domain.ParseCertCode(o.Certification)
		if err != nil {
			return flt, cmdutil.FlagValue("certification", err)
		}
		flt.Certification = c
	}
	return flt, nil
}

func listRun(ctx context.Context, f *cmdutil.Factory, o *ListOptions) error {
	at := f.At(&o.At)
	flt, err := o.filter(at)
	if err != nil {
		return err
	}
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	res, err := a.ListConventions(ctx, flt)
	if err != nil {
		return err
	}
	list := res.Conventions
	table := f.Format == "table"
	js := make([]ConventionJSON, 0, len(list))
	var rows [][]string
	for _, c := range list {
		js = append(js, ToJSON(c, at))
		t := c.Terms()
		name, to := c.PartnerName, t.To.String()
		if table {
			name = truncate(name, 36)
			if c.Status == domain.ConventionSigned {
				switch d := at.DaysUntil(t.To); {
				case d < 0:
					to += " (past)"
				case d <= 90:
					to += fmt.Sprintf(" (%d days)", d)
				}
			}
		}
		rows = append(rows, []string{itoa(c.ID), c.Number, name, string(c.PartnerSIRET), string(c.Certification),
			t.From.String(), to, string(c.Status), itoa(int64(t.Version)), feesText(t.Fees)})
	}
	empty := "No convention yet: draw one up with 'habil convention create --partner SIRET --certification CODE --from D --to D'."
	if len(list) == 0 && res.Recorded > 0 {
		empty = fmt.Sprintf("No convention matches (%d recorded).", res.Recorded)
	}
	return cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{
		Headers: []string{"id", "number", "partner", "siret", "certification", "from", "to", "status", "version", "fees"},
		Rows:    rows, JSON: js, Empty: empty,
	})
}

// ShowOptions are the flags of 'convention show'.
type ShowOptions struct {
	Ref string
	At  cmdutil.DateFlag
}

// NewCmdShow builds 'convention show'.
func NewCmdShow(f *cmdutil.Factory, runF func(context.Context, *ShowOptions) error) *cobra.Command {
	o := &ShowOptions{}
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one convention: parties, period, scope, fees, status history and avenants",
		Long: `Show one convention, given by its id or its number (CONV-2025-0007): the certifier's own
reference beside habil's number, partner, certification, current terms (period, scope, fees),
each step of its life cycle with its date, the convention it renews or that renews it, every
version (avenant), what was signed (version, date, SHA-256 of the PDF habil printed at
signature; "signed before habil" when none was kept) and the files attached ('convention
attach': date, size, path, SHA-256). For each file attached, it tells whether the file at that
path still has the same content: ok, changed or missing (read-only).

--format json adds reference, signed_version, signed_pdf_sha256, signed_template_sha256 (null
when none) and attachments [{path, sha256, size, attached_on, state}].`,
		Example: "  habil convention show 12\n  habil convention show CONV-2025-0007 --format json\n  habil convention show 12 --format json | jq '.attachments[] | select(.state != \"ok\")'",
		Args:    cmdutil.ExactArgs(1, "the convention's id or number"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Ref = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return showRun(cmd.Context(), f, o)
		},
	}
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func showRun(ctx context.Context, f *cmdutil.Factory, o *ShowOptions) error {
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	sh, err := a.ShowConvention(ctx, o.Ref)
	if err != nil {
		return err
	}
	c := sh.Convention
	at := f.At(&o.At)
	if f.Format == "json" {
		return cmdutil.WriteJSON(f.IOStreams.Out, toShowJSON(sh, at))
	}
	t := c.Terms()
	blocs := "whole certification"
	if len(t.Blocs) > 0 {
		blocs = strings.Join(t.Blocs, ", ")
	}
	access := "every open route"
	if len(t.Access) > 0 {
		access = domain.AccessCodes(t.Access)
	} else if left, why := domain.LeftOutRoute(t.Scope); left != "" {
		access = "every open route except " + string(left) + " (" + why + ")"
	}
	dated := func(d domain.Date, extra string) string {
		if d.IsZero() {
			return "-"
		}
		if extra != "" {
			return d.String() + " (" + extra + ")"
		}
		return d.String()
	}
	inForce := "no"
	if c.InForce(at) {
		inForce = "yes"
	}
	number := c.Number
	if c.Reference != "" {
		number += " (certifier's reference: " + c.Reference + ")"
	}
	rows := [][]string{
		{"id", itoa(c.ID)}, {"number", number}, {"reference", cmdutil.Orempty(c.Reference)}, {"status", string(c.Status)}, {"in force at " + at.String(), inForce},
		{"partner", c.PartnerName + " (" + c.PartnerSIRET.Formatted() + ")"}, {"certification", string(c.Certification)},
		{"period", t.From.String() + " → " + t.To.String()}, {"scope", string(t.Scope) + " (" + t.Scope.FCCode() + ")"},
		{"blocs", blocs}, {"access", access}, {"fees", feesText(t.Fees)}, {"version", itoa(int64(t.Version))},
		{"drawn up", c.CreatedOn.String()}, {"sent", dated(c.SentOn, "")}, {"signed", dated(c.SignedOn, "")},
		{"ended", dated(c.EndedOn, c.EndReason)}, {"terminated", dated(c.TerminatedOn, c.TerminationReason)},
		{"renews", cmdutil.Orempty(c.RenewsNumber)}, {"renewed by", cmdutil.Orempty(c.RenewedByNumber)},
	}
	for _, a := range c.Amendments() {
		rows = append(rows, []string{fmt.Sprintf("avenant n° %d", a.Version-1),
			fmt.Sprintf("%s: %s (%s → %s, fees %s)", a.Date, a.Reason, a.From, a.To, feesText(a.Fees))})
	}
	rows = append(rows, []string{"what was signed", signedText(c)})
	if len(sh.Attachments) == 0 {
		rows = append(rows, []string{"attachments", "-"})
	}
	for k, a := range sh.Attachments {
		rows = append(rows, []string{fmt.Sprintf("attachment %d", k+1),
			fmt.Sprintf("%s, %s, %s, SHA-256 %s: %s", a.AttachedOn, sizeText(a.Size), a.Path, a.SHA256, stateText(a.State))})
	}
	return cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{Headers: []string{"field", "value"}, Rows: rows, JSON: toShowJSON(sh, at)})
}

// signedText says what was signed: the version, date and PDF fingerprint.
func signedText(c *domain.Convention) string {
	switch {
	case c.SignedOn.IsZero():
		return "- (not signed)"
	case c.SignedPDFSHA256 == "":
		return fmt.Sprintf("signed before habil on %s (no fingerprint of the PDF signed)", c.SignedOn)
	}
	return fmt.Sprintf("version %d on %s, PDF SHA-256 %s (template %s)", c.SignedVersion, c.SignedOn,
		app.ShortSHA(c.SignedPDFSHA256), app.ShortSHA(c.SignedTemplateSHA256))
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

func stateText(s string) string {
	switch s {
	case app.AttachmentOK:
		return "ok (same content)"
	case app.AttachmentChanged:
		return "changed (the file at that path is no longer the one attached)"
	case app.AttachmentMissing:
		return "missing (no file at that path)"
	}
	return s
}
