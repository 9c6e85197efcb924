package report

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/sqlite"
	"github.com/habil-app/habil/internal/xlsx"
	"github.com/spf13/cobra"
)

// HabilitationsOptions are the flags of 'report habilitations'.
type HabilitationsOptions struct {
	Out           string
	Certification string
	All           bool
	At            cmdutil.DateFlag
}

// NewCmdHabilitations builds 'report habilitations'.
func NewCmdHabilitations(f *cmdutil.Factory, runF func(context.Context, *HabilitationsOptions) error) *cobra.Command {
	o := &HabilitationsOptions{}
	cmd := &cobra.Command{
		Use:   "habilitations --out FILE.xlsx|FILE.csv",
		Short: "List the habilitated organisations the way France Compétences publishes them",
		Long: `Write the list of habilitated organisations for your declaration to France Compétences, one row
per habilitation: certification code and title, SIRET, legal name, habilitation code
(HABILITATION_FORMER, HABILITATION_ORGANISER, HABILITATION_ORGA_FORM), state and dates, plus the
blocs and access routes recorded in habil (France Compétences does not publish those).

State at --at: "Actif" (habilitation in force, partner active), "Inactif" (in force but the
partner is suspended), "À venir" (starts later). With --all, ended habilitations and withdrawn
partners are listed too, as "Supprimé": they must no longer appear on the fiche.`,
		Example: `  habil report habilitations --out habilitations.xlsx
  habil report habilitations --out rncp36141.csv --certification RNCP36141 --all`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := cmdutil.OutExt(o.Out, ".xlsx", ".csv"); err != nil {
				return err
			}
			if o.Certification != "" {
				c, err := domain.ParseCertCode(o.Certification)
				if err != nil {
					return cmdutil.FlagValue("certification", err)
				}
				o.Certification = string(c)
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return habilitationsRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "file to write (.xlsx or .csv)")
	cmd.Flags().StringVar(&o.Certification, "certification", "", "only this certification")
	cmd.Flags().BoolVar(&o.All, "all", false, "also list ended habilitations and withdrawn partners (state Supprimé)")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

// HabilitationState is the France Compétences-style state of a habilitation at a date.
func HabilitationState(p *domain.Partner, h domain.Habilitation, at domain.Date) string {
	switch {
	case p.Status == domain.StatusWithdrawn || (!h.To.IsZero() && h.To.Before(at)):
		return "Supprimé"
	case at.Before(h.From):
		return "À venir"
	case p.Status == domain.StatusSuspended:
		return "Inactif"
	case p.Status == domain.StatusActive:
		return "Actif"
	}
	return "Inactif"
}

type habRow struct {
	cert    *domain.Certification
	partner *domain.Partner
	hab     domain.Habilitation
	state   string
}

func habilitationsRun(ctx context.Context, f *cmdutil.Factory, o *HabilitationsOptions) error {
	at := f.At(&o.At)
	db, err := f.DB(ctx)
	if err != nil {
		return err
	}
	certs := map[domain.CertCode]*domain.Certification{}
	list, err := db.Certifications(ctx)
	if err != nil {
		return err
	}
	for _, c := range list {
		certs[c.Code] = c
	}
	if o.Certification != "" && certs[domain.CertCode(o.Certification)] == nil {
		_, err := db.Certification(ctx, domain.CertCode(o.Certification))
		return err
	}
	partners, err := db.Partners(ctx, sqlite.PartnerFilter{})
	if err != nil {
		return err
	}
	var rows []habRow
	for _, p := range partners {
		for _, h := range p.Habilitations {
			if o.Certification != "" && string(h.Certification) != o.Certification {
				continue
			}
			st := HabilitationState(p, h, at)
			if st == "Supprimé" && !o.All {
				continue
			}
			rows = append(rows, habRow{certs[h.Certification], p, h, st})
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.hab.Certification != b.hab.Certification {
			return sqlite.CertCodeLess(a.hab.Certification, b.hab.Certification)
		}
		if fa, fb := domain.Fold(a.partner.Name), domain.Fold(b.partner.Name); fa != fb {
			return fa < fb
		}
		return a.hab.From.Before(b.hab.From)
	})
	cols := []xlsx.Column{
		{Header: "NUMERO_FICHE"}, {Header: "INTITULE", Width: 50}, {Header: "SIRET_PARTENAIRE", Text: true},
		{Header: "NOM_PARTENAIRE", Width: 45}, {Header: "HABILITATION_PARTENAIRE", Width: 26}, {Header: "ETAT_HABILITATION"},
		{Header: "DATE_DEBUT"}, {Header: "DATE_FIN"}, {Header: "BLOCS"}, {Header: "VOIES_ACCES"}, {Header: "STATUT_PARTENAIRE"},
	}
	out := make([][]any, 0, len(rows))
	for _, r := range rows {
		title := ""
		if r.cert != nil {
			title = r.cert.Title
		}
		blocs := "toute la certification"
		if len(r.hab.Blocs) > 0 {
			blocs = strings.Join(r.hab.Blocs, ", ")
		}
		access := "toutes"
		if len(r.hab.Access) > 0 {
			access = domain.AccessCodes(r.hab.Access)
		}
		out = append(out, []any{string(r.hab.Certification), title, xlsx.Text(r.partner.SIRET), r.partner.Name,
			r.hab.FCCode(), r.state, r.hab.From, r.hab.To, blocs, access, string(r.partner.Status)})
	}
	if err := cmdutil.WriteTableFile(o.Out, 0o600, f.Now(), "Habilitations", cols, out); err != nil {
		return err
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "%d habilitations written to %s (state at %s).\n", len(out), o.Out, at)
	return nil
}
