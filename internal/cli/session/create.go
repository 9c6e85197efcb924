package session

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// CreateOptions are the flags of 'session create'.
type CreateOptions struct {
	Certification string
	Partner       string
	sessionFlags
}

// NewCmdCreate builds 'session create'.
func NewCmdCreate(f *cmdutil.Factory, runF func(context.Context, *CreateOptions) error) *cobra.Command {
	o := &CreateOptions{}
	cmd := &cobra.Command{
		Use:   "create --certification CODE --partner SIRET --date D [--end-date D] [--place TEXT] [--postal-code CP] [--mode onsite|remote|mixed] [--jury \"NAME, ROLE\"]...",
		Short: "Create an exam session of a certification (prints the new id)",
		Long: `Create an exam session of one certification, organised by a partner or by the certifier itself.

Rules: a partner must hold an assess or both habilitation on the certification in force at the
session date (a partner habilitated to train only cannot organise the assessment: the certifier
then organises the session itself, giving its own SIRET as --partner, and each candidate names
the partner that trained them). A session may be held after the certification's registration end
only up to its delivery deadline (DATE_LIMITE_DELIVRANCE), for candidates registered before the
end. Jury members are given as "NAME, ROLE" (repeat --jury); they are compared with the jury
composition recorded for the certification, and a mismatch is a warning.

--postal-code is the exam centre's postal code (the CPF declaration needs it). Prints only the
new id on stdout; the sentence goes to stderr.`,
		Example: `  id=$(habil session create --certification RNCP36141 --partner 81738914100018 --date 2026-06-15 \
      --place "Lyon 3e" --postal-code 69003 --mode onsite \
      --jury "Anne Roy, professionnelle du secteur" --jury "Paul Lé, formateur")
  # organised by the certifier itself (its own SIRET):
  habil session create --certification RS6155 --partner 55204944776279 --date 15/09/2026`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return createRun(cmd.Context(), f, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Certification, "certification", "", "certification code, e.g. RNCP36141 or RS6155 (required)")
	fl.StringVar(&o.Partner, "partner", "", "SIRET of the organiser: a partner habilitated to assess, or the certifier's own SIRET (required)")
	o.sessionFlags.add(cmd, true)
	return cmd
}

func (s *sessionFlags) add(cmd *cobra.Command, create bool) {
	fl := cmd.Flags()
	what := ""
	if create {
		what = " (required)"
	}
	fl.Var(&s.Date, "date", "session date (first day)"+what)
	fl.Var(&s.EndDate, "end-date", "last day of a session held over several days")
	fl.StringVar(&s.Place, "place", "", "where the exam is held")
	fl.StringVar(&s.PostalCode, "postal-code", "", "the exam centre's postal code (5 digits)")
	fl.StringVar(&s.Mode, "mode", "", "onsite, remote or mixed")
	fl.StringArrayVar(&s.Jury, "jury", nil, "a jury member as \"NAME, ROLE\" (repeat the flag)")
}

func (s *sessionFlags) mode() (domain.ExamMode, error) {
	m, err := domain.ParseExamMode(s.Mode)
	if err != nil {
		return "", cmdutil.FlagValue("mode", err)
	}
	return m, nil
}

func createRun(ctx context.Context, f *cmdutil.Factory, o *CreateOptions) error {
	var missing []string
	if o.Certification == "" {
		missing = append(missing, "--certification")
	}
	if o.Partner == "" {
		missing = append(missing, "--partner")
	}
	if !o.Date.IsSet() {
		missing = append(missing, "--date")
	}
	if len(missing) > 0 {
		return cmdutil.FlagErrorf("session create needs %s", strings.Join(missing, ", "))
	}
	code, err := domain.ParseCertCode(o.Certification)
	if err != nil {
		return cmdutil.FlagValue("certification", err)
	}
	siret, err := domain.ParseSIRET(o.Partner)
	if err != nil {
		return cmdutil.FlagValue("partner", err)
	}
	mode, err := o.mode()
	if err != nil {
		return err
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	res, err := a.CreateSession(ctx, app.SessionCreate{Certification: code, Partner: siret, Date: o.Date.Date, EndDate: o.EndDate.Date,
		Place: o.Place, PostalCode: o.PostalCode, Mode: mode, Jury: o.Jury})
	if err != nil {
		return err
	}
	cmdutil.Warn(f.IOStreams, "", res.Warnings)
	s := res.Session
	fmt.Fprintf(f.IOStreams.ErrOut, "Session %d created: %s on %s, organised by %s (%s). Enrol the candidates with: habil session enroll %d FILE\n",
		s.ID, s.Certification, s.Date, s.PartnerName, s.Partner.Formatted(), s.ID)
	fmt.Fprintln(f.IOStreams.Out, s.ID)
	return nil
}
