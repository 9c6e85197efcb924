package partner

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// ShowOptions are the flags of 'partner show'.
type ShowOptions struct {
	SIRET string
	At    cmdutil.DateFlag
}

// NewCmdShow builds 'partner show'.
func NewCmdShow(f *cmdutil.Factory, runF func(context.Context, *ShowOptions) error) *cobra.Command {
	o := &ShowOptions{}
	cmd := &cobra.Command{
		Use:   "show SIRET",
		Short: "Show one partner: identity, Qualiopi, habilitations and status history",
		Long: `Show one partner: identity, Qualiopi certificate, every habilitation (with its number, France
Compétences code and whether it is in force at --at) and the dated history of its status.`,
		Example: "  habil partner show 73282932000074\n  habil partner show '732 829 320 00074' --format json",
		Args:    cmdutil.ExactArgs(1, "the partner's SIRET"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.SIRET = args[0]
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
	siret, err := cmdutil.ParseSIRETArg("SIRET", o.SIRET)
	if err != nil {
		return err
	}
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	p, err := a.Partner(ctx, siret)
	if err != nil {
		return err
	}
	at := f.At(&o.At)
	// The compliance status from the partner's audits (issue 11).
	compliance, err := a.PartnerCompliance(ctx, siret, at)
	if err != nil {
		return err
	}
	switch f.Format {
	case "json":
		return cmdutil.WriteJSON(f.IOStreams.Out, struct {
			PartnerJSON
			Compliance string `json:"compliance"`
		}{ToJSON(p, at), string(compliance)})
	case "csv":
		return cmdutil.WriteCSV(f.IOStreams.Out, habilitationHeaders, habilitationRows(p, at))
	}
	w := cmdutil.SafeWriter(f.IOStreams.Out) // no raw control character from older data
	fmt.Fprintf(w, "%s  %s\n", p.SIRET.Formatted(), p.Name)
	line := func(label, v string) { fmt.Fprintf(w, "%-17s %s\n", label+":", cmdutil.Orempty(v)) }
	status := string(p.Status)
	if !p.StatusSince.IsZero() {
		status += " since " + p.StatusSince.String()
	}
	line("status", status)
	line("role", string(p.Role))
	line("nda", string(p.NDA))
	line("address", p.Address)
	line("representative", p.Representative)
	line("email", p.Email)
	line("phone", p.Phone)
	line("website", p.Website)
	line("uai", p.UAI)
	q := qualiopiCell(p, at, true)
	if extra := strings.TrimSpace(strings.Join([]string{p.Qualiopi.Body, p.Qualiopi.Number}, " ")); extra != "" {
		q += ", " + extra
	}
	if len(p.Qualiopi.Categories) > 0 {
		q += " [" + strings.Join(p.Qualiopi.Categories, ", ") + "]"
	}
	line("qualiopi until", q)
	line("compliance", string(compliance)+" (audits: 'habil audit list --partner "+string(p.SIRET)+"')")
	fmt.Fprintf(w, "\nhabilitations (state at %s):\n", at)
	if len(p.Habilitations) == 0 {
		fmt.Fprintf(w, "  none: add one with 'habil partner habilitate %s --certification CODE --scope train|assess|both --from D'\n", p.SIRET)
	} else if err := cmdutil.RenderTable(w, habilitationHeaders[1:], trimFirst(habilitationRows(p, at))); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nstatus history:")
	rows := make([][]string, 0, len(p.History))
	for _, c := range p.History {
		rows = append(rows, []string{c.Date.String(), cmdutil.Orempty(string(c.From)), string(c.To), c.Reason})
	}
	return cmdutil.RenderTable(w, []string{"date", "from", "to", "reason"}, rows)
}

var habilitationHeaders = []string{"siret", "id", "certification", "scope", "fc code", "blocs", "access", "from", "to", "state"}

func habilitationRows(p *domain.Partner, at domain.Date) [][]string {
	rows := make([][]string, 0, len(p.Habilitations))
	for _, h := range p.Habilitations {
		blocs := "all"
		if len(h.Blocs) > 0 {
			blocs = strings.Join(h.Blocs, ",")
		}
		access := "all open"
		if len(h.Access) > 0 {
			access = domain.AccessCodes(h.Access)
		} else if left, _ := domain.LeftOutRoute(h.Scope); left != "" {
			access = "all open but " + string(left)
		}
		to := "-"
		if !h.To.IsZero() {
			to = h.To.String()
		}
		state := strings.ReplaceAll(h.StateAt(at), "_", " ")
		if h.EndReason != "" {
			state += " (" + h.EndReason + ")"
		}
		rows = append(rows, []string{string(p.SIRET), itoa(h.ID), string(h.Certification), string(h.Scope), h.FCCode(), blocs, access, h.From.String(), to, state})
	}
	return rows
}

func trimFirst(rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = r[1:]
	}
	return out
}
