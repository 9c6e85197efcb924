package partner

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// FieldOptions are the partner identity flags shared by add and edit.
type FieldOptions struct {
	Name               string
	NDA                string
	Role               string
	Email              string
	Phone              string
	Website            string
	Address            string
	Representative     string
	QualiopiBody       string
	QualiopiNumber     string
	QualiopiCategories string
	QualiopiUntil      string
	UAI                string
}

func addFieldFlags(fl *pflag.FlagSet, o *FieldOptions) {
	fl.StringVar(&o.Name, "name", "", "legal name (raison sociale)")
	fl.StringVar(&o.NDA, "nda", "", "déclaration d'activité number (11 digits)")
	fl.StringVar(&o.Role, "role", "", "partner (partenaire) or co-certifier (co-certificateur); default partner")
	fl.StringVar(&o.Email, "email", "", "contact e-mail")
	fl.StringVar(&o.Phone, "phone", "", "phone number")
	fl.StringVar(&o.Website, "website", "", "website; https:// is added when no scheme is given")
	fl.StringVar(&o.Address, "address", "", "postal address")
	fl.StringVar(&o.Representative, "representative", "", "legal representative (name and title)")
	fl.StringVar(&o.QualiopiBody, "qualiopi-body", "", "body that issued the Qualiopi certificate")
	fl.StringVar(&o.QualiopiNumber, "qualiopi-number", "", "Qualiopi certificate number")
	fl.StringVar(&o.QualiopiCategories, "qualiopi-categories", "", "Qualiopi categories: formation, bilan, vae, apprentissage (comma-separated)")
	fl.StringVar(&o.QualiopiUntil, "qualiopi-until", "", "end of validity of the Qualiopi certificate (YYYY-MM-DD or DD/MM/YYYY)")
	fl.StringVar(&o.UAI, "uai", "", "UAI of a CFA (7 digits and a check letter)")
}

// apply copies the flags for which given(flag) is true into p, validating
// each value (a bad value is a one-line usage error naming the flag). Notes
// (such as https:// added to the website) go to w.
func (o *FieldOptions) apply(p *domain.Partner, given func(string) bool, w io.Writer) error {
	var err error
	if given("name") {
		if strings.TrimSpace(o.Name) == "" {
			return cmdutil.FlagValue("name", domain.Invalid("NAME_MISSING", "the legal name cannot be empty"))
		}
		p.Name = strings.Join(strings.Fields(o.Name), " ")
	}
	if given("nda") {
		if p.NDA, err = domain.ParseNDA(o.NDA); err != nil {
			return cmdutil.FlagValue("nda", err)
		}
	}
	if given("role") {
		if p.Role, err = domain.ParseRole(o.Role); err != nil {
			return cmdutil.FlagValue("role", err)
		}
	}
	if given("email") {
		if p.Email, err = domain.ParseEmail(o.Email); err != nil {
			return cmdutil.FlagValue("email", err)
		}
	}
	if given("phone") {
		p.Phone = strings.TrimSpace(o.Phone)
	}
	if given("website") {
		var added bool
		if p.Website, added, err = domain.NormalizeWebsite(o.Website); err != nil {
			return cmdutil.FlagValue("website", err)
		}
		if added {
			fmt.Fprintf(w, "note: --website had no http:// or https://; recorded as %s\n", p.Website)
		}
	}
	if given("address") {
		p.Address = strings.TrimSpace(o.Address)
	}
	if given("representative") {
		p.Representative = strings.TrimSpace(o.Representative)
	}
	if given("qualiopi-body") {
		p.Qualiopi.Body = strings.TrimSpace(o.QualiopiBody)
	}
	if given("qualiopi-number") {
		p.Qualiopi.Number = strings.TrimSpace(o.QualiopiNumber)
	}
	if given("qualiopi-categories") {
		if p.Qualiopi.Categories, err = domain.ParseQualiopiCategories(o.QualiopiCategories); err != nil {
			return cmdutil.FlagValue("qualiopi-categories", err)
		}
	}
	if given("qualiopi-until") {
		if p.Qualiopi.ValidUntil, err = domain.ParseOptionalDate(o.QualiopiUntil); err != nil {
			return cmdutil.FlagValue("qualiopi-until", err)
		}
	}
	if given("uai") {
		if p.UAI, err = domain.ParseUAI(o.UAI); err != nil {
			return cmdutil.FlagValue("uai", err)
		}
	}
	return nil
}

// AddOptions are the flags of 'partner add'.
type AddOptions struct {
	SIRET  string
	Fields FieldOptions
	Status string
	Date   cmdutil.DateFlag
	Reason string
	given  func(string) bool
}

// NewCmdAdd builds 'partner add'.
func NewCmdAdd(f *cmdutil.Factory, runF func(context.Context, *AddOptions) error) *cobra.Command {
	o := &AddOptions{}
	cmd := &cobra.Command{
		Use:   "add --siret SIRET --name NAME [--nda N] [--role partner|co-certifier] [--email E] [--website URL] [--qualiopi-until D] …",
		Short: "Record a new partner organisation (prints its SIRET)",
		Long: `Record a partner organisation, identified by the SIRET of the establishment that trains or
assesses. It starts as a prospect (or --status active), dated --date (default today).
Only the SIRET is printed on stdout; a SIRET already recorded is refused: change it with
'habil partner edit'.

A website given without http:// or https:// is recorded with https:// in front (and a note
says so).`,
		Example: `  habil partner add --siret "732 829 320 00074" --name "Formapro Lyon" --nda 84691234569 \
      --email contact@formapro-lyon.fr --website www.formapro-lyon.fr --qualiopi-until 2027-03-31
  habil partner add --siret 81738914100018 --name "CFA des Métiers" --uai 0751234J --status active \
      --reason "convention signée le 2 janvier"`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.given = func(name string) bool { return cmd.Flags().Changed(name) }
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return addRun(cmd.Context(), f, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.SIRET, "siret", "", "SIRET of the establishment (14 digits; spaces allowed)")
	addFieldFlags(fl, &o.Fields)
	fl.StringVar(&o.Status, "status", "prospect", "initial status: prospect or active")
	fl.Var(&o.Date, "date", "date of the initial status (default today)")
	fl.StringVar(&o.Reason, "reason", "", "reason kept in the history (default \"recorded\")")
	return cmd
}

func addRun(ctx context.Context, f *cmdutil.Factory, o *AddOptions) error {
	if !o.given("siret") || !o.given("name") {
		return cmdutil.FlagErrorf("partner add needs --siret and --name")
	}
	siret, err := cmdutil.ParseSIRETArg("siret", o.SIRET)
	if err != nil {
		return err
	}
	status, err := domain.ParsePartnerStatus(o.Status)
	if err != nil {
		return cmdutil.FlagValue("status", err)
	}
	if err := domain.CheckInitialStatus(siret, status); err != nil {
		return cmdutil.FlagValue("status", err)
	}
	p := &domain.Partner{SIRET: siret, Role: domain.RolePartner, Status: status}
	if err := o.Fields.apply(p, o.given, f.IOStreams.ErrOut); err != nil {
		return err
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	res, err := a.AddPartner(ctx, p, f.At(&o.Date), o.Reason)
	if err != nil {
		return err
	}
	date := res.Date
	fmt.Fprintf(f.IOStreams.ErrOut, "Partner %s (%s) recorded as %s on %s.\n", siret.Formatted(), p.Name, p.Status, date)
	fmt.Fprintln(f.IOStreams.Out, siret)
	return nil
}
