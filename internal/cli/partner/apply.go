package partner

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/xlsx"
	"github.com/spf13/cobra"
)

// The partner applications (issue 17): apply, application-grid, assess,
// decide, application (PDF) and applications (list).
func init() {
	extraCommands = append(extraCommands, newCmdApply, newCmdApplicationGrid, newCmdAssess, newCmdDecide, newCmdApplication, newCmdApplications)
}

func applicationID(s string) (int64, error) {
	return cmdutil.ParseID(s, "%q is not an application ID: give the number 'habil partner applications' lists")
}

func newCmdApply(f *cmdutil.Factory) *cobra.Command {
	var cert, scope, name string
	var date cmdutil.DateFlag
	cmd := &cobra.Command{
		Use:   "apply SIRET --certification CODE --scope train|assess|both [--name N] [--date D]",
		Short: "Open an organisation's application to become a partner (prints its id)",
		Long: `Open an application: the organisation asks to train (train), to organise the assessments
(assess) or both on a certification. An organisation not in the register is recorded as a prospect
(give its --name). Refused: a withdrawn partner, a partner already habilitated on the certification
for that scope, a partner with an application on it not decided yet. Prints only the new
application's id on stdout; then score it (partner application-grid, partner assess) and decide.`,
		Example: `  habil partner apply 73282932000074 --certification RNCP36141 --scope both --name "Formapro Lyon"
  id=$(habil partner apply 73282932000074 --certification RNCP36141 --scope train)
  habil partner assess "$id" grille.xlsx`,
		Args: cmdutil.ExactArgs(1, "the applicant's SIRET"),
		RunE: func(cmd *cobra.Command, args []string) error {
			siret, err := domain.ParseSIRET(args[0])
			if err != nil {
				return cmdutil.FlagValue("SIRET", err)
			}
			if cert == "" || scope == "" {
				return cmdutil.FlagErrorf("--certification and --scope are required")
			}
			sc, err := domain.ParseScope(scope)
			if err != nil {
				return cmdutil.FlagValue("scope", err)
			}
			a, err := f.App(cmd.Context())
			if err != nil {
				return err
			}
			res, err := a.Apply(cmd.Context(), app.ApplyRequest{SIRET: siret, Certification: domain.CertCode(strings.ToUpper(strings.TrimSpace(cert))),
				Scope: sc, Name: name, Date: f.At(&date)})
			if err != nil {
				return err
			}
			ap := res.Application
			if res.NewPartner {
				fmt.Fprintf(f.IOStreams.ErrOut, "%s (%s) recorded as a prospect.\n", ap.PartnerName, ap.Partner.Formatted())
			}
			fmt.Fprintf(f.IOStreams.ErrOut, "Application %d: %s applies to %s on %s. Next: habil partner application-grid --out grille.xlsx, then habil partner assess %d grille.xlsx\n",
				ap.ID, ap.PartnerName, ap.Scope, ap.Certification, ap.ID)
			fmt.Fprintln(f.IOStreams.Out, ap.ID)
			return nil
		},
	}
	cmd.Flags().StringVar(&cert, "certification", "", "certification code (RNCP… or RS…)")
	cmd.Flags().StringVar(&scope, "scope", "", "train, assess or both")
	cmd.Flags().StringVar(&name, "name", "", "the organisation's name (needed when it is not in the register)")
	cmd.Flags().Var(&date, "date", "date of the application (default today)")
	return cmd
}

func newCmdApplicationGrid(f *cmdutil.Factory) *cobra.Command {
	var out, scope, cert string
	cmd := &cobra.Command{
		Use:   "application-grid --out FILE.xlsx [--certification CODE] [--scope train|assess|both]",
		Short: "Write the blank scoring grid of an application (cahier des charges' criteria)",
		Long: `Write the selection grid that 'partner assess' reads: one row per criterion of the cahier des
charges (legal standing, NDA, Qualiopi and its categories, trainers' qualifications, premises or
LMS, programme mapped to the blocs, selection and positioning, disability referent, exam capability
when assessing), with the columns note (0 to 3, or n/a), preuves and commentaire to fill. Keep the
critere column as it is. With --scope train the exam criterion is pre-filled n/a; with
--certification the programme criterion lists the certification's blocs to map the programme to
(the database is read only then).`,
		Example: `  habil partner application-grid --out grille.xlsx
  habil partner application-grid --out grille-formation.xlsx --certification RNCP36141 --scope train`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := cmdutil.OutExt(out, ".xlsx"); err != nil {
				return err
			}
			var sc domain.Scope
			if scope != "" {
				var err error
				if sc, err = domain.ParseScope(scope); err != nil {
					return cmdutil.FlagValue("scope", err)
				}
			}
			if err := f.CheckOut(out); err != nil {
				return err
			}
			var c *domain.Certification
			if cert != "" {
				a, err := f.ReadApp(cmd.Context())
				if err != nil {
					return err
				}
				if c, err = a.Certification(cmd.Context(), domain.CertCode(strings.ToUpper(strings.TrimSpace(cert)))); err != nil {
					return err
				}
			}
			cols := make([]xlsx.Column, len(app.ApplicationGridSchema.Fields))
			for i, fl := range app.ApplicationGridSchema.Fields {
				cols[i] = xlsx.Column{Header: fl.Label, Text: true}
			}
			var rows [][]any
			for _, r := range app.ApplicationGridRows(sc, c) {
				row := make([]any, len(r))
				for i, v := range r {
					row[i] = v
				}
				rows = append(rows, row)
			}
			if err := cmdutil.WriteTableFile(out, 0o644, f.Now(), app.ApplicationGridSchema.Name, cols, rows); err != nil {
				return err
			}
			fmt.Fprintf(f.IOStreams.ErrOut, "Grid written to %s (%d criteria). Fill the note (0-3 or n/a), preuves and commentaire columns, then: habil partner assess ID %s\n",
				out, len(rows), filepath.Base(out))
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "workbook to write (.xlsx, required)")
	cmd.Flags().StringVar(&scope, "scope", "", "the scope applied for: train pre-fills the exam criterion with n/a")
	cmd.Flags().StringVar(&cert, "certification", "", "certification applied for: its blocs are listed on the programme criterion")
	return cmd
}

func newCmdAssess(f *cmdutil.Factory) *cobra.Command {
	o := &cmdutil.ImportFlags{}
	var date cmdutil.DateFlag
	cmd := &cobra.Command{
		Use:   "assess ID FILE [--dry-run] [--date D]",
		Short: "Record the scored grid of an application (from 'partner application-grid')",
		Long: `Read the filled selection grid of an application through the import pipeline: every criterion
of the cahier des charges once, its note 0 to 3 (or n/a when it does not apply; the exam capability
cannot be n/a for an application that assesses), the evidence examined and a comment. Unknown
criteria, notes out of range, a criterion missing or scored twice are listed as FILE:ROW:COLUMN
errors and nothing is written (exit 3). A second assessment replaces the first (both are in the
journal). A decided application cannot be assessed again. --dry-run checks, writes nothing.`,
		Example: `  habil partner assess 1 grille.xlsx --dry-run
  habil partner assess 1 grille.xlsx --date 2026-05-10`,
		Args: cmdutil.ExactArgs(2, "the application's ID and the grid FILE (.xlsx or .csv)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := applicationID(args[0])
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			a, err := f.App(ctx)
			if err != nil {
				return err
			}
			res, err := a.AssessApplication(ctx, app.AssessRequest{ID: id, File: args[1], Sheet: o.Sheet, DryRun: o.DryRun, Date: f.At(&date)})
			if res != nil && res.Errors != nil {
				if perr := cmdutil.PrintImportFindings(f.IOStreams, res.Warnings, res.Errors); perr != nil {
					return perr
				}
			}
			if err != nil {
				return err
			}
			label, verb := "", "recorded"
			if res.Replaced {
				verb = "replaces the previous one"
			}
			if o.DryRun {
				label = " (dry run, nothing written)"
			}
			fmt.Fprintf(f.IOStreams.ErrOut, "Application %d%s: assessment of %s %s, total %s. Next: habil partner decide %d accept|refuse --reason TEXT\n",
				id, label, res.Application.AssessedOn, verb, res.Application.TotalText(), id)
			return nil
		},
	}
	cmdutil.AddImportFlags(cmd, o)
	cmd.Flags().Var(&date, "date", "date of the assessment (default today)")
	return cmd
}

func newCmdDecide(f *cmdutil.Factory) *cobra.Command {
	var reason string
	var from, to, date cmdutil.DateFlag
	cmd := &cobra.Command{
		Use:   "decide ID accept|refuse --reason TEXT [--from D --to D] [--date D]",
		Short: "Accept or refuse an assessed application, with the reasons",
		Long: `Decide on an assessed application. accept records, in one transaction, the habilitation on the
application's certification and scope from --from (default the decision's day) to --to (default the
end of the registration, at most three years) and a draft convention over the same period: the
habilitation only takes effect once that convention is signed (R6113-16-1 2°: no convention, no
habilitation; 'habil check' reports CONVENTION_MISSING for a habilitation in force without a signed
convention). refuse keeps the reasons; the organisation stays a prospect. An application without
an assessment, or already decided, is refused and nothing is written.`,
		Example: `  habil partner decide 1 accept --reason "dossier complet, 22/27" --from 2026-07-01 --to 2028-06-30
  habil convention sign CONV-2026-0003
  habil partner decide 2 refuse --reason "pas de référent handicap, formateurs non qualifiés"`,
		Args: cmdutil.ExactArgs(2, "the application's ID and accept or refuse"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := applicationID(args[0])
			if err != nil {
				return err
			}
			d, err := domain.ParseApplicationDecision(args[1])
			if err != nil {
				return cmdutil.FlagValue("decision", err)
			}
			if strings.TrimSpace(reason) == "" {
				return cmdutil.FlagErrorf("--reason is required: say why the application is accepted or refused")
			}
			if d == domain.ApplicationRefuse && (from.IsSet() || to.IsSet()) {
				return cmdutil.FlagErrorf("--from and --to only go with accept")
			}
			a, err := f.App(cmd.Context())
			if err != nil {
				return err
			}
			req := app.DecideRequest{ID: id, Decision: d, Reason: reason, Date: f.At(&date)}
			if from.IsSet() {
				req.From = from.Date
			}
			if to.IsSet() {
				req.To = to.Date
			}
			res, err := a.DecideApplication(cmd.Context(), req)
			if err != nil {
				return err
			}
			ap := res.Application
			if d == domain.ApplicationRefuse {
				fmt.Fprintf(f.IOStreams.ErrOut, "Application %d of %s refused on %s: %s\n", ap.ID, ap.PartnerName, ap.DecidedOn, ap.Reason)
				return nil
			}
			fmt.Fprintf(f.IOStreams.ErrOut, "Application %d of %s accepted on %s. Habilitation %d (%s, %s) recorded; it takes effect once convention %s (draft) is signed: habil convention sign %s\n",
				ap.ID, ap.PartnerName, ap.DecidedOn, res.Habilitation.ID, res.Habilitation.Scope, res.Habilitation.Period(), res.Convention.Number, res.Convention.Number)
			for _, w := range res.Warnings {
				fmt.Fprintln(f.IOStreams.ErrOut, "warning: "+w)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why (required; kept with the decision)")
	cmd.Flags().Var(&from, "from", "accept: first day of the habilitation and convention (default the decision's day)")
	cmd.Flags().Var(&to, "to", "accept: last day (default the registration's end, at most three years)")
	cmd.Flags().Var(&date, "date", "date of the decision (default today)")
	return cmd
}

func newCmdApplication(f *cmdutil.Factory) *cobra.Command {
	var out string
	var at cmdutil.DateFlag
	cmd := &cobra.Command{
		Use:   "application ID --out FILE.pdf",
		Short: "Write the filled grid of an application as a PDF (in French)",
		Long: `Write the grille d'analyse of an application: the applicant, the scope applied for, each criterion
of the cahier des charges with its note, evidence and comment, the total, and the decision with its
reasons (for an acceptance, the convention whose signature gives effect to the habilitation). The
date printed is --at (default today, or SOURCE_DATE_EPOCH). Read-only.`,
		Example: `  habil partner application 1 --out candidature-1.pdf`,
		Args:    cmdutil.ExactArgs(1, "the application's ID (see 'habil partner applications')"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := applicationID(args[0])
			if err != nil {
				return err
			}
			if _, err := cmdutil.OutExt(out, ".pdf"); err != nil {
				return err
			}
			if err := f.CheckOut(out); err != nil {
				return err
			}
			a, err := f.ReadApp(cmd.Context())
			if err != nil {
				return err
			}
			res, err := a.ApplicationPDF(cmd.Context(), id, f.At(&at), out, f.PDFRenderer(&at))
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IOStreams.ErrOut, "Wrote %s (application %d, %d bytes).\n", out, id, res.Bytes)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "PDF file to write (required)")
	cmdutil.AddAtFlag(cmd, &at)
	return cmd
}

func newCmdApplications(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "applications [--format json]",
		Short: "List the partner applications, their score and decision",
		Long: `List the applications: id, applicant, certification, scope, status (open, assessed, accepted,
refused), total score, decision date and reason, and for an acceptance the convention and whether
it is signed yet (the habilitation takes effect on signature).`,
		Example: `  habil partner applications
  habil partner applications --format json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := f.ReadApp(cmd.Context())
			if err != nil {
				return err
			}
			list, err := a.Applications(cmd.Context())
			if err != nil {
				return err
			}
			type scoreJSON struct {
				Criterion string `json:"criterion"`
				Score     int    `json:"score"`
				Max       int    `json:"max"`
				Evidence  string `json:"evidence"`
				Comment   string `json:"comment"`
			}
			type appJSON struct {
				ID               int64       `json:"id"`
				PartnerSIRET     string      `json:"partner_siret"`
				PartnerName      string      `json:"partner_name"`
				Certification    string      `json:"certification"`
				Scope            string      `json:"scope"`
				Status           string      `json:"status"`
				OpenedOn         string      `json:"opened_on"`
				AssessedOn       *string     `json:"assessed_on"`
				Score            *int        `json:"score"`
				MaxScore         *int        `json:"max_score"`
				Scores           []scoreJSON `json:"scores"`
				Decision         *string     `json:"decision"`
				DecidedOn        *string     `json:"decided_on"`
				Reason           *string     `json:"reason"`
				Convention       *string     `json:"convention"`
				ConventionSigned bool        `json:"convention_signed"`
				HabilitationID   *int64      `json:"habilitation_id"`
			}
			js := make([]appJSON, len(list))
			rows := make([][]string, len(list))
			for i, ap := range list {
				j := appJSON{ID: ap.ID, PartnerSIRET: string(ap.Partner), PartnerName: ap.PartnerName, Certification: string(ap.Certification),
					Scope: string(ap.Scope), Status: ap.Status(), OpenedOn: ap.OpenedOn.String(), Scores: []scoreJSON{}, ConventionSigned: ap.ConventionSigned}
				if !ap.AssessedOn.IsZero() {
					s, m := ap.Total()
					d := ap.AssessedOn.String()
					j.AssessedOn, j.Score, j.MaxScore = &d, &s, &m
				}
				for _, s := range ap.Scores {
					j.Scores = append(j.Scores, scoreJSON{s.Criterion, s.Score, s.Max, s.Evidence, s.Comment})
				}
				state := ap.Status()
				if ap.Decision != "" {
					d, on, r := string(ap.Decision), ap.DecidedOn.String(), ap.Reason
					j.Decision, j.DecidedOn, j.Reason = &d, &on, &r
				}
				if ap.ConventionNumber != "" {
					n := ap.ConventionNumber
					j.Convention = &n
					if ap.ConventionSigned {
						state += " (" + n + " signed)"
					} else {
						state += " (awaiting signature of " + n + ")"
					}
				}
				if ap.HabilitationID != 0 {
					h := ap.HabilitationID
					j.HabilitationID = &h
				}
				js[i] = j
				rows[i] = []string{strconv.FormatInt(ap.ID, 10), ap.PartnerName, string(ap.Partner), string(ap.Certification), string(ap.Scope),
					state, ap.TotalText(), ap.Reason}
			}
			return cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{
				Headers: []string{"id", "applicant", "siret", "certification", "scope", "status", "score", "reason"},
				Rows:    rows, JSON: js, Empty: "No application recorded.",
			})
		},
	}
	return cmd
}
