package cohort

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

// parseCert reads a --certification value ("" stays "").
func parseCert(v string) (domain.CertCode, error) {
	if strings.TrimSpace(v) == "" {
		return "", nil
	}
	c, err := domain.ParseCertCode(v)
	if err != nil {
		return "", cmdutil.FlagValue("certification", err)
	}
	return c, nil
}

type cohortJSON struct {
	Certification string   `json:"certification"`
	Year          int      `json:"year"`
	Certified     int      `json:"certified"`
	CertifiedVAE  int      `json:"certified_vae"`
	Answers6m     int      `json:"answers_6m"`
	Answers24m    int      `json:"answers_24m"`
	Fiches        []string `json:"fiches"`
}

func toCohortJSON(c *app.Cohort) cohortJSON {
	return cohortJSON{string(c.Certification), c.Year, len(c.Holders), c.VAE, c.Answers6m, c.Answers24m, app.Fiches(c.Fiches)}
}

// ListOptions are the flags of 'cohort list'.
type ListOptions struct{ Certification string }

// NewCmdList builds 'cohort list'.
func NewCmdList(f *cmdutil.Factory, runF func(context.Context, *ListOptions) error) *cobra.Command {
	o := &ListOptions{}
	cmd := &cobra.Command{
		Use:   "list [--certification CODE]",
		Short: "List the promotions: holders per certification and year of the jury decision",
		Long: `List the promotions of holders: a certification × the calendar year of the jury decision that
admitted them (all access routes). The holders of a predecessor fiche (the France Compétences
export's successor codes) count with the new fiche: the fiches column names them. The answers
columns count the 6-month and 24-month survey answers recorded.`,
		Example: `  habil cohort list
  habil cohort list --certification RNCP35419 --format json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			code, err := parseCert(o.Certification)
			if err != nil {
				return err
			}
			a, err := f.ReadApp(cmd.Context())
			if err != nil {
				return err
			}
			list, err := a.Cohorts(cmd.Context(), code)
			if err != nil {
				return err
			}
			js := make([]cohortJSON, len(list))
			rows := make([][]string, len(list))
			for i, c := range list {
				js[i] = toCohortJSON(c)
				rows[i] = []string{string(c.Certification), strconv.Itoa(c.Year), strconv.Itoa(len(c.Holders)), strconv.Itoa(c.VAE),
					strconv.Itoa(c.Answers6m), strconv.Itoa(c.Answers24m), strings.Join(app.Fiches(c.Fiches), " ")}
			}
			return cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{
				Headers: []string{"certification", "year", "certified", "vae", "answers 6m", "answers 24m", "fiches"},
				Rows:    rows, JSON: js, Empty: "No holders yet: promotions appear once certificates are delivered ('habil session deliver').",
			})
		},
	}
	cmd.Flags().StringVar(&o.Certification, "certification", "", "only this certification (its predecessors' holders included)")
	return cmd
}

// NewCmdShow builds 'cohort show CODE YEAR'.
func NewCmdShow(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "show CODE YEAR",
		Short: "Show one promotion: its holders, their certificates and survey answers",
		Long: `Show the holders of one promotion (a certification and the year of the jury decision), with
their certificate, access route, the partner that trained them (else the organiser) and their
6-month and 24-month survey answers (situation, or "-" when not answered).`,
		Example: `  habil cohort show RNCP35419 2025
  habil cohort show RNCP35419 2025 --format csv > promotion-2025.csv`,
		Args: cmdutil.ExactArgs(2, "the certification CODE and the promotion YEAR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			code, err := domain.ParseCertCode(args[0])
			if err != nil {
				return cmdutil.FlagValue("CODE", err)
			}
			year, err := strconv.Atoi(args[1])
			if err != nil || year < 1900 || year > 9999 {
				return cmdutil.FlagErrorf("YEAR %q is not a year such as 2025", args[1])
			}
			a, err := f.ReadApp(cmd.Context())
			if err != nil {
				return err
			}
			c, err := a.Cohort(cmd.Context(), code, year)
			if err != nil {
				return err
			}
			type holderJSON struct {
				CertificateNumber string  `json:"certificate_number"`
				Fiche             string  `json:"fiche"`
				BirthName         string  `json:"birth_name"`
				FirstName         string  `json:"first_name"`
				Email             *string `json:"email"`
				Access            string  `json:"access"`
				PartnerSIRET      string  `json:"partner_siret"`
				JuryDate          string  `json:"jury_date"`
				Situation6m       *string `json:"situation_6m"`
				Situation24m      *string `json:"situation_24m"`
			}
			sit := func(h *app.CohortHolder, w domain.SurveyWave) *string {
				if a := h.Answers[w]; a != nil {
					s := string(a.Situation)
					return &s
				}
				return nil
			}
			dash := func(p *string) string {
				if p == nil {
					return "-"
				}
				return *p
			}
			var js []holderJSON
			var rows [][]string
			for _, h := range c.Holders {
				e := h.Enrollment
				j := holderJSON{h.Certificate.Number, string(h.Fiche), e.Candidate.BirthName, e.Candidate.FirstName(), cmdutil.NullString(e.Candidate.Email),
					string(e.Access), string(h.Partner), h.JuryDate.String(), sit(h, domain.Wave6m), sit(h, domain.Wave24m)}
				js = append(js, j)
				rows = append(rows, []string{j.CertificateNumber, e.Candidate.FullName(), j.Access, j.PartnerSIRET, j.JuryDate, dash(j.Situation6m), dash(j.Situation24m)})
			}
			if f.Format == "json" {
				return cmdutil.WriteJSON(f.IOStreams.Out, struct {
					cohortJSON
					Holders []holderJSON `json:"holders"`
				}{toCohortJSON(c), js})
			}
			if f.Format == "table" {
				fmt.Fprintf(f.IOStreams.ErrOut, "Promotion %d of %s: %d holders (%d by VAE), %d answers at 6 months, %d at 24 months.\n",
					c.Year, c.Certification, len(c.Holders), c.VAE, c.Answers6m, c.Answers24m)
			}
			return cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{
				Headers: []string{"certificate", "holder", "access", "partner", "jury", "6m", "24m"}, Rows: rows, JSON: js,
			})
		},
	}
}
