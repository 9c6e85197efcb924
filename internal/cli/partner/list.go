package partner

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// ListOptions are the flags of 'partner list'.
type ListOptions struct {
	Status          []string
	Role            string
	Certification   string
	Habilitated     bool
	QualiopiBefore  cmdutil.DateFlag
	QualiopiWithin  int
	QualiopiMissing bool
	Search          string
	Sort            string
	At              cmdutil.DateFlag
}

// NewCmdList builds 'partner list'.
func NewCmdList(f *cmdutil.Factory, runF func(context.Context, *ListOptions) error) *cobra.Command {
	o := &ListOptions{}
	cmd := &cobra.Command{
		Use:   "list [--status S]... [--certification CODE] [--habilitated] [--qualiopi-before D] [--sort name|siret|status|qualiopi]",
		Short: "List partners with their status, Qualiopi end and habilitations in force",
		Long: `List the partners. Filters combine (all must hold):

  --status S              prospect, active, suspended or withdrawn (repeat or comma-separate)
  --role R                partner or co-certifier
  --certification CODE    with a habilitation (of any period) on this certification
  --habilitated           with a habilitation in force at --at (on --certification when given)
  --qualiopi-before D     whose recorded Qualiopi certificate ends before D
  --qualiopi-within DAYS  whose recorded Qualiopi certificate ends within DAYS of --at (or has ended)
  --qualiopi-missing      with no Qualiopi end date recorded
  --search TEXT           name or e-mail containing TEXT (no case or accents), or SIRET/NDA digits

The table shows the habilitations in force at --at (default today); --format json gives every
habilitation with its France Compétences code (fc_code) and its state at --at.`,
		Example: `  habil partner list --status active
  habil partner list --certification RNCP36141 --habilitated --sort qualiopi
  habil partner list --qualiopi-within 60 --format csv
  habil partner list --search "lyon" --format json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return listRun(cmd.Context(), f, o)
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&o.Status, "status", nil, "only these statuses: prospect, active, suspended, withdrawn")
	fl.StringVar(&o.Role, "role", "", "only this role: partner or co-certifier")
	fl.StringVar(&o.Certification, "certification", "", "only partners with a habilitation on this certification")
	fl.BoolVar(&o.Habilitated, "habilitated", false, "only partners with a habilitation in force at --at")
	fl.Var(&o.QualiopiBefore, "qualiopi-before", "only partners whose Qualiopi ends before this date")
	fl.IntVar(&o.QualiopiWithin, "qualiopi-within", 0, "only partners whose Qualiopi ends within DAYS of --at")
	fl.BoolVar(&o.QualiopiMissing, "qualiopi-missing", false, "only partners with no Qualiopi end date")
	fl.StringVar(&o.Search, "search", "", "only partners whose name, e-mail, SIRET or NDA contains this")
	fl.StringVar(&o.Sort, "sort", "name", "order: name, siret, status or qualiopi")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

// Filter turns the flags into a store filter (exported for the export command).
func (o *ListOptions) Filter(at domain.Date) (domain.PartnerFilter, error) {
	flt := domain.PartnerFilter{Search: o.Search, Sort: o.Sort, QualiopiMissing: o.QualiopiMissing}
	for _, s := range o.Status {
		st, err := domain.ParsePartnerStatus(s)
		if err != nil {
			return flt, cmdutil.FlagValue("status", err)
		}
		flt.Status = append(flt.Status, st)
	}
	if o.Role != "" {
		r, err := domain.ParseRole(o.Role)
		if err != nil {
			return flt, cmdutil.FlagValue("role", err)
		}
		flt.Role = r
	}
	if o.Certification != "" {
		c, err := domain.ParseCertCode(o.Certification)
		if err != nil {
			return flt, cmdutil.FlagValue("certification", err)
		}
		flt.Certification = c
	}
	if o.Habilitated {
		flt.HabilitatedAt = at
	}
	flt.QualiopiBefore = o.QualiopiBefore.Date
	if o.QualiopiWithin < 0 {
		return flt, cmdutil.FlagValue("qualiopi-within", domain.Invalid("DAYS", "%d is not a number of days", o.QualiopiWithin))
	}
	if o.QualiopiWithin > 0 {
		lim := at.AddDays(o.QualiopiWithin + 1)
		if flt.QualiopiBefore.IsZero() || lim.Before(flt.QualiopiBefore) {
			flt.QualiopiBefore = lim
		}
	}
	ok := false
	for _, s := range domain.PartnerSorts {
		ok = ok || s == o.Sort
	}
	if !ok {
		return flt, cmdutil.FlagValue("sort", domain.Invalid("SORT", "%q is not a sort order: use %s", o.Sort, strings.Join(domain.PartnerSorts, ", ")))
	}
	return flt, nil
}

func listRun(ctx context.Context, f *cmdutil.Factory, o *ListOptions) error {
	at := f.At(&o.At)
	flt, err := o.Filter(at)
	if err != nil {
		return err
	}
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	res, err := a.ListPartners(ctx, flt)
	if err != nil {
		return err
	}
	list := res.Partners
	if f.Format == "json" {
		// Streamed: the register can hold 100,000 partners.
		return writeJSONList(f.IOStreams.Out, len(list), func(b []byte, i int) []byte { return appendPartner(b, list[i], at) })
	}
	var rows [][]string
	table := f.Format == "table"
	for _, p := range list {
		name, siret := p.Name, string(p.SIRET)
		if table {
			name = truncate(name, 42)
		}
		cell := func(s string) string {
			if table {
				return cmdutil.Orempty(s)
			}
			return s
		}
		summary := HabilitationSummary(p, at)
		if !table && summary == "-" {
			summary = ""
		}
		rows = append(rows, []string{siret, name, string(p.Status), cell(p.StatusSince.String()),
			cell(string(p.NDA)), qualiopiCell(p, at, table), summary})
	}
	empty := "No partner yet: add one with 'habil partner add --siret … --name …' or 'habil partner import FILE'."
	if len(list) == 0 && res.Total > 0 {
		empty = fmt.Sprintf("No partner matches (%d in the register).", res.Total)
	}
	return cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{
		Headers: []string{"siret", "name", "status", "since", "nda", "qualiopi until", "habilitations in force"},
		Rows:    rows, Empty: empty,
	})
}

// writeJSONList writes n elements as an indented JSON array, one at a
// time, byte for byte what cmdutil.WriteJSON writes for the whole slice;
// elem appends element i (see appendPartnerJSON).
func writeJSONList(w io.Writer, n int, elem func(b []byte, i int) []byte) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	if n == 0 {
		bw.WriteString("[]\n")
		return bw.Flush()
	}
	bw.WriteString("[\n")
	var b []byte
	for i := 0; i < n; i++ {
		b = b[:0]
		if i > 0 {
			b = append(b, ",\n"...)
		}
		b = append(b, "  "...)
		b = elem(b, i)
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	bw.WriteString("\n]\n")
	return bw.Flush()
}

// qualiopiCell shows the Qualiopi end date, flagged in tables when it has
// ended or ends within 60 days.
func qualiopiCell(p *domain.Partner, at domain.Date, table bool) string {
	d := p.Qualiopi.ValidUntil
	if d.IsZero() {
		if table {
			return "-"
		}
		return ""
	}
	if !table {
		return d.String()
	}
	switch {
	case d.Before(at):
		return d.String() + " (expired)"
	case at.DaysUntil(d) <= 60:
		return fmt.Sprintf("%s (%d days)", d, at.DaysUntil(d))
	}
	return d.String()
}
