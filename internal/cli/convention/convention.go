// Package convention holds 'habil convention': the conventions de
// partenariat signed with habilitated partners, their life cycle, fees,
// avenants and renewals, and the convention PDF.
package convention

import (
	"errors"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// TemplateKey is the configuration key naming a custom convention template.
const TemplateKey = "convention.template"

// NewCmd builds the 'convention' command group.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "convention",
		Aliases: []string{"conventions"},
		Short:   "Draw up, track and print the conventions de partenariat with habilitated partners",
		Long: `A convention de partenariat binds the certifier and a habilitated partner for one certification.
It is numbered CONV-YEAR-NNNN (sequential per year of creation, never reused), covers a period
within the partner's habilitation and the certification's registration, copies the habilitation's
scope (kind, blocs, access routes) when it is created, and states the fees: per candidate, per
exam session, flat yearly, in any combination.

Life cycle: draft → sent → signed → ended, or terminated (a draft abandoned, a convention
resiliated). An avenant ('amend') changes the period, fees or scope as a new numbered version;
'renew' draws up the next convention, linked to the previous one. A convention signed before
habil is recorded with 'create --reference' (the certifier's own number) and signed on its real,
earlier date.

'convention pdf' prints the complete convention in French, ready to sign (articles, cahier des
charges, scope and fee annexes, signature blocks). Its article texts can be replaced by your own:
see 'habil convention text'.

What was signed stays as signed: at signature habil keeps the SHA-256 of the PDF it printed and
of the template; 'convention pdf' says whether a reprint is identical; 'convention attach'
records the signed scan's path and fingerprint, and 'convention show' checks it.`,
		Example: `  id=$(habil convention create --partner 85262016007290 --certification RNCP35419 \
      --from 2025-02-01 --to 2026-12-31 --fee-per-candidate 150 --flat-fee "1 200")
  habil convention pdf $id --out convention.pdf
  habil convention sign $id --date 2025-01-20
  habil convention attach $id ~/Conventions/convention-signee.pdf
  habil convention list --expiring-within 90
  habil convention pdf --all --out conventions/`,
		Args: cmdutil.NoArgs,
	}
	cmd.AddCommand(
		NewCmdCreate(f, nil),
		NewCmdList(f, nil),
		NewCmdShow(f, nil),
		NewCmdStatus(f, "send"),
		NewCmdStatus(f, "sign"),
		NewCmdStatus(f, "end"),
		NewCmdStatus(f, "terminate"),
		NewCmdAmend(f, nil),
		NewCmdRenew(f, nil),
		NewCmdPDF(f, nil),
		NewCmdText(f, nil),
		NewCmdAttach(f, nil),
		NewCmdImport(f, nil),
		NewCmdTemplate(f, nil),
	)
	return cmd
}

// feeFlags are the three fee flags shared by create, renew and amend.
type feeFlags struct {
	perCandidate, perExam, flat string
}

func (ff *feeFlags) add(cmd *cobra.Command, what string) {
	fl := cmd.Flags()
	fl.StringVar(&ff.perCandidate, "fee-per-candidate", "", "redevance per candidate presented, in euros (150 or 1 234,50)"+what)
	fl.StringVar(&ff.perExam, "fee-per-exam", "", "fee per exam session organised, in euros"+what)
	fl.StringVar(&ff.flat, "flat-fee", "", "flat fee per year of the convention, in euros"+what)
}

// changes parses the fee flags that were given (0 removes a fee; a flag
// not given is nil, keeping the base amount).
func (ff *feeFlags) changes(cmd *cobra.Command) (domain.FeeChanges, error) {
	var fc domain.FeeChanges
	for _, x := range []struct {
		flag string
		val  string
		dst  **domain.Money
	}{{"fee-per-candidate", ff.perCandidate, &fc.PerCandidate}, {"fee-per-exam", ff.perExam, &fc.PerExam}, {"flat-fee", ff.flat, &fc.FlatYearly}} {
		if !cmd.Flags().Changed(x.flag) {
			continue
		}
		m, err := domain.ParseMoney(x.val)
		if err != nil {
			return fc, cmdutil.FlagValue(x.flag, err)
		}
		if m < 0 {
			return fc, cmdutil.FlagValue(x.flag, domain.Invalid("FEE_NEGATIVE", "%s is negative: a fee is 0 or more", m.French()))
		}
		*x.dst = &m
	}
	return fc, nil
}

// conventionFlagForCode names the flag a rule error is about (exit 2).
var conventionFlagForCode = map[string]string{"DATES_ORDER": "to", "CONVENTION_DATES": "to"}

// asFlagError turns a malformed-value rule error into a one-line usage error
// naming the flag; refusals (exit 1) pass through.
func asFlagError(err error) error {
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindInvalid {
		return err
	}
	if name, ok := conventionFlagForCode[de.Code]; ok {
		return cmdutil.FlagValue(name, err)
	}
	if de.Code == "REASON_MISSING" {
		return cmdutil.FlagValue("reason", err)
	}
	return err
}

// ---------------------------------------------------------------- JSON

// AmendmentJSON is one avenant.
type AmendmentJSON struct {
	Number  int    `json:"number"`
	Version int    `json:"version"`
	Date    string `json:"date"`
	Reason  string `json:"reason"`
}

// ConventionJSON is a convention in 'convention list/show --format json'. The
// contract's keys are id, number, partner_siret, certification, from, to,
// status; money is a decimal string, unknown values are null.
type ConventionJSON struct {
	ID                int64           `json:"id"`
	Number            string          `json:"number"`
	PartnerSIRET      string          `json:"partner_siret"`
	PartnerName       *string         `json:"partner_name"`
	Certification     string          `json:"certification"`
	From              string          `json:"from"`
	To                string          `json:"to"`
	Status            string          `json:"status"`
	InForce           bool            `json:"in_force"`
	Scope             string          `json:"scope"`
	FCCode            string          `json:"fc_code"`
	Blocs             []string        `json:"blocs"`
	Access            []string        `json:"access"`
	FeePerCandidate   *string         `json:"fee_per_candidate"`
	FeePerExam        *string         `json:"fee_per_exam"`
	FlatFee           *string         `json:"flat_fee"`
	Version           int             `json:"version"`
	CreatedOn         string          `json:"created_on"`
	SentOn            *string         `json:"sent_on"`
	SignedOn          *string         `json:"signed_on"`
	EndedOn           *string         `json:"ended_on"`
	EndReason         *string         `json:"end_reason"`
	TerminatedOn      *string         `json:"terminated_on"`
	TerminationReason *string         `json:"termination_reason"`
	HabilitationID    *int64          `json:"habilitation_id"`
	Renews            *string         `json:"renews"`
	RenewedBy         *string         `json:"renewed_by"`
	Amendments        []AmendmentJSON `json:"amendments"`
	// The certifier's own number; what was signed (null before signature,
	// or for a convention signed before habil).
	Reference            *string `json:"reference"`
	SignedVersion        *int    `json:"signed_version"`
	SignedPDFSHA256      *string `json:"signed_pdf_sha256"`
	SignedTemplateSHA256 *string `json:"signed_template_sha256"`
}

// VersionJSON is one version of the terms ('convention show').
type VersionJSON struct {
	Version         int      `json:"version"`
	Date            string   `json:"date"`
	Reason          *string  `json:"reason"`
	Scope           string   `json:"scope"`
	Blocs           []string `json:"blocs"`
	Access          []string `json:"access"`
	From            string   `json:"from"`
	To              string   `json:"to"`
	FeePerCandidate *string  `json:"fee_per_candidate"`
	FeePerExam      *string  `json:"fee_per_exam"`
	FlatFee         *string  `json:"flat_fee"`
}

// AttachmentJSON is a file attached to a convention ('convention show'):
// state is ok, changed, missing or unreadable (the file at path now).
type AttachmentJSON struct {
	Path       string `json:"path"`
	SHA256     string `json:"sha256"`
	Size       int64  `json:"size"`
	AttachedOn string `json:"attached_on"`
	State      string `json:"state"`
}

// ShowJSON adds every version and the attachments to the convention.
type ShowJSON struct {
	ConventionJSON
	Versions    []VersionJSON    `json:"versions"`
	Attachments []AttachmentJSON `json:"attachments"`
}

func money(m domain.Money) *string {
	if m == 0 {
		return nil
	}
	s := m.Decimal()
	return &s
}

func accessCodes(l []domain.Access) []string {
	out := []string{}
	for _, a := range l {
		out = append(out, string(a))
	}
	return out
}

// ToJSON converts a convention; in_force is judged at at.
func ToJSON(c *domain.Convention, at domain.Date) ConventionJSON {
	t := c.Terms()
	j := ConventionJSON{
		ID: c.ID, Number: c.Number, PartnerSIRET: string(c.PartnerSIRET), PartnerName: cmdutil.NullString(c.PartnerName),
		Certification: string(c.Certification), From: t.From.String(), To: t.To.String(), Status: string(c.Status),
		InForce: c.InForce(at), Scope: string(t.Scope), FCCode: t.Scope.FCCode(), Blocs: append([]string{}, t.Blocs...),
		Access: accessCodes(t.Access), FeePerCandidate: money(t.Fees.PerCandidate), FeePerExam: money(t.Fees.PerExam),
		FlatFee: money(t.Fees.FlatYearly), Version: t.Version, CreatedOn: c.CreatedOn.String(),
		SentOn: cmdutil.NullString(c.SentOn.String()), SignedOn: cmdutil.NullString(c.SignedOn.String()),
		EndedOn: cmdutil.NullString(c.EndedOn.String()), EndReason: cmdutil.NullString(c.EndReason),
		TerminatedOn: cmdutil.NullString(c.TerminatedOn.String()), TerminationReason: cmdutil.NullString(c.TerminationReason),
		Renews: cmdutil.NullString(c.RenewsNumber), RenewedBy: cmdutil.NullString(c.RenewedByNumber), Amendments: []AmendmentJSON{},
	}
	if c.HabilitationID != 0 {
		id := c.HabilitationID
		j.HabilitationID = &id
	}
	j.Reference = cmdutil.NullString(c.Reference)
	if c.SignedPDFSHA256 != "" {
		v := c.SignedVersion
		j.SignedVersion = &v
		j.SignedPDFSHA256 = cmdutil.NullString(c.SignedPDFSHA256)
		j.SignedTemplateSHA256 = cmdutil.NullString(c.SignedTemplateSHA256)
	}
	for _, a := range c.Amendments() {
		j.Amendments = append(j.Amendments, AmendmentJSON{Number: a.Version - 1, Version: a.Version, Date: a.Date.String(), Reason: a.Reason})
	}
	return j
}

func toShowJSON(sh *app.ConventionShown, at domain.Date) ShowJSON {
	c := sh.Convention
	s := ShowJSON{ConventionJSON: ToJSON(c, at), Versions: []VersionJSON{}, Attachments: []AttachmentJSON{}}
	for _, a := range sh.Attachments {
		s.Attachments = append(s.Attachments, AttachmentJSON{Path: a.Path, SHA256: a.SHA256, Size: a.Size, AttachedOn: a.AttachedOn.String(), State: a.State})
	}
	for _, v := range c.Versions {
		s.Versions = append(s.Versions, VersionJSON{Version: v.Version, Date: v.Date.String(), Reason: cmdutil.NullString(v.Reason),
			Scope: string(v.Scope), Blocs: append([]string{}, v.Blocs...), Access: accessCodes(v.Access), From: v.From.String(), To: v.To.String(),
			FeePerCandidate: money(v.Fees.PerCandidate), FeePerExam: money(v.Fees.PerExam), FlatFee: money(v.Fees.FlatYearly)})
	}
	return s
}

// feesText is "150.00/candidate + 1200.00/year" for tables and messages.
func feesText(fees domain.Fees) string { return fees.Summary() }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
