package partner

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// GraceKey is the configuration key of the declaration grace period.
const GraceKey = check.KeyFCDeclarationGraceDays

// ReconcileOptions are the flags of 'partner reconcile'.
type ReconcileOptions struct {
	Files []string
	At    cmdutil.DateFlag
}

// NewCmdReconcile builds 'partner reconcile'.
func NewCmdReconcile(f *cmdutil.Factory, runF func(context.Context, *ReconcileOptions) error) *cobra.Command {
	o := &ReconcileOptions{}
	cmd := &cobra.Command{
		Use:   "reconcile [FILE]... [--at D]",
		Short: "Compare the partner register with the France Compétences register",
		Long: `Compare our partners and habilitations with the organisations France Compétences lists for
each of our certifications, in its open-data export: XML v4.1 (.xml, or the export-fiches-rncp-
and export-fiches-rs-v4-1 zips; give both to cover RNCP and RS) or the CSV export zip. Without
FILE, the lists stored by the last 'habil certification import' are used.

Findings (the habilitation state is judged at --at, default today):
  FC_UNKNOWN_PARTNER   error    an organisation listed as active for one of our certifications that
                                we do not know, that is not active here (a prospect), or that has
                                no habilitation in force on it. Listed FORMER or ORGA_FORM, it can
                                sell training on Mon Compte Formation; ORGANISER only, it cannot
  FC_REGISTER_MISMATCH warning  an active partner habilitated here for more than
                                check.fc_declaration_grace_days days (default 60) and not listed
                                there (to declare); listed as Supprimé/Inactif while active and
                                habilitated here; listed with another habilitation code; or a
                                suspension, withdrawal or end still listed, within the two months
  FC_DECLARATION_LATE  error    a suspension, a withdrawal or the end of a habilitation still listed
                                more than the grace period after it, with no declaration recorded
  FC_DECLARED          info     a change declared ('habil partner declared') the export does not
                                show yet
  FC_EXPORT_OLD        warning  the export is more than check.fc_export_old_days (90) days old, by
                                the date in its file name (…-AAAA-MM-JJ); info when it has none
  FC_FICHE_MISSING     info     one of our certifications is not in the file (or was added by hand)
  FC_CERTIFIER_LISTED  info     the certifier itself is listed (it trains) but is not recorded as a partner

On a fiche that the export marks inactive, or whose registration has ended, no candidate can enter
and nobody can sell training: every finding on it is info. The certifier declares its partners'
changes on its France Compétences space (l'espace officiel de la certification professionnelle,
certificationprofessionnelle.fr) within two months (R6113-16-5); record that you did with
'habil partner declared SIRET --date D'.

The XML export carries each organisation's status (Actif, Inactif, Supprimé); the CSV export does
not: with it every listed organisation is taken as active, and a note says so.

The result is stored: 'habil check' reports the last one. Exit 0 whatever is found (check turns
errors into exit 4). --format json prints an array of {code, severity, subject, message,
certification, siret, convention, due_date, url} (null when a key does not apply), as 'habil check'.`,
		Example: `  habil partner reconcile export-fiches-rncp-v4-1-2025-11-20.zip export-fiches-rs-v4-1-2025-11-20.zip
  habil partner reconcile export_fiches_RNCP_V4_1_2025-11-20.xml --format json
  habil partner reconcile          # against the lists kept by 'certification import'`,
		Args: func(cmd *cobra.Command, args []string) error { return nil },
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Files = args
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return reconcileRun(cmd.Context(), f, o)
		},
	}
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func reconcileRun(ctx context.Context, f *cmdutil.Factory, o *ReconcileOptions) error {
	a, err := f.App(ctx) // loads and validates the configuration first: a bad grace period is exit 2

	if err != nil {
		return err
	}
	at := f.At(&o.At)
	res, err := a.Reconcile(ctx, app.ReconcileInput{Files: o.Files, At: at})
	if err != nil {
		return err
	}
	w := f.IOStreams.ErrOut
	for _, n := range res.Notes {
		fmt.Fprintln(w, "note: "+n)
	}
	run := res.Run
	if !run.HasStatus {
		fmt.Fprintln(w, "note: the CSV export carries no habilitation status: every listed organisation is taken as active; give the XML export to compare statuses (Actif, Inactif, Supprimé).")
	}
	counts := cmdutil.FindingCounts(res.Due)
	codes := make([]string, len(run.Certifications))
	for i, c := range run.Certifications {
		codes[i] = string(c)
	}
	compared := "no certification"
	if len(codes) > 0 {
		compared = strings.Join(codes, ", ")
	}
	fmt.Fprintf(w, "Compared %s (%s listed) with %s at %s: %s, %s, %s.\n",
		compared, cmdutil.Count(run.Published, "organisation"), cmdutil.Count(res.Partners, "partner"), at,
		cmdutil.Count(counts[domain.SeverityError], "error"), cmdutil.Count(counts[domain.SeverityWarning], "warning"), cmdutil.Count(counts[domain.SeverityInfo], "note"))
	if res.Pending > 0 {
		fmt.Fprintf(w, "Not reported yet: %d habilitation(s) started less than %d days ago and not listed yet (config %s).\n", res.Pending, res.Grace, GraceKey)
	}
	fmt.Fprintln(w, "Result stored: 'habil check' reports it.")
	return cmdutil.PrintFindings(f.IOStreams, f.Format, res.Due, cmdutil.FindingsOptions{
		Empty: "No difference: the France Compétences register matches ours.",
	})
}
