// Package partner holds 'habil partner': the register of the certifier's
// partner organisations, their status life cycle, their habilitations and
// the reconciliation with the France Compétences register.
package partner

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// NewCmd builds the 'partner' command group.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "partner",
		Aliases: []string{"partners"},
		Short:   "Manage partner organisations, their status and habilitations",
		Long: `The register of the organisations that train candidates or organise assessments for your
certifications ("partenaires habilités"), identified by their establishment SIRET.

A partner goes through prospect → active → suspended → active | withdrawn (withdrawal is final);
every change is dated, has a reason and is kept in its history. A habilitation lets a partner
train (HABILITATION_FORMER), assess (HABILITATION_ORGANISER) or both (HABILITATION_ORGA_FORM) for
one certification, possibly only some blocs and access routes, over a period.`,
		Example: `  habil partner add --siret 73282932000074 --name "Formapro Lyon" --nda 84691234569
  habil partner status 73282932000074 active --reason "convention signée"
  habil partner habilitate 73282932000074 --certification RNCP36141 --scope both --from 2025-01-01
  habil partner list --status active
  habil partner reconcile export_fiches_RNCP_V4_1_2025-11-20.xml
  habil partner declared 73282932000074 --date 2025-12-01 --certification RNCP36141`,
		Args: cmdutil.NoArgs,
	}
	cmd.AddCommand(
		NewCmdAdd(f, nil),
		NewCmdList(f, nil),
		NewCmdShow(f, nil),
		NewCmdEdit(f, nil),
		NewCmdStatus(f, nil),
		NewCmdHabilitate(f, nil),
		NewCmdHabilitation(f),
		NewCmdReconcile(f, nil),
	)
	for _, extra := range extraCommands {
		cmd.AddCommand(extra(f))
	}
	return cmd
}

// extraCommands lets other files of this package add subcommands (import,
// export, template).
var extraCommands []func(*cmdutil.Factory) *cobra.Command

// HabilitationJSON is a habilitation in 'partner list/show --format json'.
// The contract's keys are certification, scope, blocs, access, from, to.
type HabilitationJSON struct {
	ID            int64    `json:"id"`
	Certification string   `json:"certification"`
	Scope         string   `json:"scope"`
	FCCode        string   `json:"fc_code"`
	Blocs         []string `json:"blocs"`
	Access        []string `json:"access"`
	From          *string  `json:"from"`
	To            *string  `json:"to"`
	State         string   `json:"state"` // in_force, ended, future (at --at)
	EndReason     *string  `json:"end_reason"`
}

// StatusChangeJSON is one line of a partner's status history.
type StatusChangeJSON struct {
	From   *string `json:"from"`
	To     string  `json:"to"`
	Date   string  `json:"date"`
	Reason string  `json:"reason"`
}

// PartnerJSON is a partner in 'partner list/show --format json'. The
// contract's keys are siret, name, nda, role, status, email, website and
// habilitations; unknown values are null.
type PartnerJSON struct {
	SIRET              string             `json:"siret"`
	Name               string             `json:"name"`
	NDA                *string            `json:"nda"`
	Role               string             `json:"role"`
	Status             string             `json:"status"`
	StatusSince        *string            `json:"status_since"`
	Email              *string            `json:"email"`
	Phone              *string            `json:"phone"`
	Website            *string            `json:"website"`
	Address            *string            `json:"address"`
	Representative     *string            `json:"representative"`
	UAI                *string            `json:"uai"`
	QualiopiBody       *string            `json:"qualiopi_body"`
	QualiopiNumber     *string            `json:"qualiopi_number"`
	QualiopiCategories []string           `json:"qualiopi_categories"`
	QualiopiUntil      *string            `json:"qualiopi_until"`
	Habilitations      []HabilitationJSON `json:"habilitations"`
	History            []StatusChangeJSON `json:"history"`
}

// ToHabilitationJSON converts a habilitation; state is judged at at.
func ToHabilitationJSON(h domain.Habilitation, at domain.Date) HabilitationJSON {
	j := HabilitationJSON{ID: h.ID, Certification: string(h.Certification), Scope: string(h.Scope), FCCode: h.FCCode(),
		Blocs: append([]string{}, h.Blocs...), Access: []string{}, From: cmdutil.NullString(h.From.String()),
		To: cmdutil.NullString(h.To.String()), State: h.StateAt(at), EndReason: cmdutil.NullString(h.EndReason)}
	for _, a := range h.Access {
		j.Access = append(j.Access, string(a))
	}
	return j
}

// ToJSON converts a partner (habilitation states judged at at).
func ToJSON(p *domain.Partner, at domain.Date) PartnerJSON {
	j := PartnerJSON{SIRET: string(p.SIRET), Name: p.Name, NDA: cmdutil.NullString(string(p.NDA)), Role: string(p.Role),
		Status: string(p.Status), StatusSince: cmdutil.NullString(p.StatusSince.String()),
		Email: cmdutil.NullString(p.Email), Phone: cmdutil.NullString(p.Phone), Website: cmdutil.NullString(p.Website),
		Address: cmdutil.NullString(p.Address), Representative: cmdutil.NullString(p.Representative), UAI: cmdutil.NullString(p.UAI),
		QualiopiBody: cmdutil.NullString(p.Qualiopi.Body), QualiopiNumber: cmdutil.NullString(p.Qualiopi.Number),
		QualiopiCategories: append([]string{}, p.Qualiopi.Categories...), QualiopiUntil: cmdutil.NullString(p.Qualiopi.ValidUntil.String()),
		Habilitations: []HabilitationJSON{}}
	for _, h := range p.Habilitations {
		j.Habilitations = append(j.Habilitations, ToHabilitationJSON(h, at))
	}
	j.History = []StatusChangeJSON{}
	for _, c := range p.History {
		j.History = append(j.History, StatusChangeJSON{From: cmdutil.NullString(string(c.From)), To: string(c.To), Date: c.Date.String(), Reason: c.Reason})
	}
	return j
}

// HabilitationSummary is a short text of the habilitations in force at at,
// e.g. "RNCP36141 both (BC01,BC02); RS6155 train", for tables.
func HabilitationSummary(p *domain.Partner, at domain.Date) string {
	var parts []string
	other := 0
	for _, h := range p.Habilitations {
		if !h.InForce(at) {
			other++
			continue
		}
		s := string(h.Certification) + " " + string(h.Scope)
		var lim []string
		if len(h.Blocs) > 0 {
			short := make([]string, len(h.Blocs))
			for i, b := range h.Blocs {
				short[i] = strings.TrimPrefix(b, string(h.Certification))
			}
			lim = append(lim, strings.Join(short, ","))
		}
		if len(h.Access) > 0 {
			lim = append(lim, domain.AccessCodes(h.Access))
		}
		if len(lim) > 0 {
			s += " (" + strings.Join(lim, " ") + ")"
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 && other == 0 {
		return "-"
	}
	if other > 0 {
		parts = append(parts, fmt.Sprintf("+%d not in force", other))
	}
	return strings.Join(parts, "; ")
}

// flagForCode names the flag a malformed habilitation value is about (exit 2).
var flagForCode = map[string]string{
	"BLOC_ON_RS": "bloc", "BLOC_CODE": "bloc", "DATES_ORDER": "to", "FROM_MISSING": "from",
}

// asFlagError turns a malformed habilitation value into a one-line usage
// error naming the flag (exit 2). Every other rule the use case applies
// refuses a well-formed value — a bloc the certification lacks, a closed
// access route, a date past the registration end, a fiche nobody can enter
// — and the contract makes that exit 1, not 2: such an error becomes a
// refusal. Other errors pass through.
func asFlagError(err error) error {
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindInvalid {
		return err
	}
	if name, ok := flagForCode[de.Code]; ok {
		return cmdutil.FlagValue(name, err)
	}
	return &domain.Error{Kind: domain.KindConflict, Code: de.Code, Msg: de.Msg, Hint: de.Hint, Err: de.Err}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
