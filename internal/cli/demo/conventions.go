package demo

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// The demo's conventions de partenariat, drawn up through 'habil convention'
// for the partners of the previous step, in every state:
//
//   - a signed convention for each active or suspended partner with a
//     habilitation in force, from the habilitation's start (at most eleven
//     months ago) to the habilitation's or registration's end;
//   - Formapro Conseil: the previous convention ended, this one renews it,
//     with an avenant on the fees;
//   - Institut RH Atlantique and Forméo Grand Est: conventions that end
//     within 90 days (the renewal campaign), the first one already renewed as
//     a draft;
//   - Cœur de Compétences: the convention on its old scope terminated when
//     the habilitation was limited to blocs 1 to 3, a new one signed;
//   - Compétences & Talents Occitanie: a draft; Atelier Formation Bretagne:
//     sent, not signed yet.
//
// Every convention's PDF is written to reports/conventions/.

func init() {
	Register(Step{Order: 30, Name: "conventions de partenariat: signed, draft, sent, expiring, renewed, terminated (habil convention …)", Fn: buildConventions})
}

type demoPartnerJSON struct {
	SIRET         string `json:"siret"`
	Name          string `json:"name"`
	Status        string `json:"status"`
	Habilitations []struct {
		ID            int64   `json:"id"`
		Certification string  `json:"certification"`
		Scope         string  `json:"scope"`
		From          *string `json:"from"`
		To            *string `json:"to"`
		State         string  `json:"state"`
	} `json:"habilitations"`
}

type demoCertJSON struct {
	Code    string  `json:"code"`
	EndDate *string `json:"end_date"`
}

// demoFees gives each kind of habilitation its fees.
func demoFees(cert, scope string) []string {
	switch {
	case strings.HasPrefix(cert, "RS"):
		return []string{"--fee-per-candidate", "90"}
	case scope == "assess":
		return []string{"--fee-per-candidate", "120", "--fee-per-exam", "75,50"}
	case scope == "train":
		return []string{"--flat-fee", "1 200"}
	}
	return []string{"--fee-per-candidate", "150", "--flat-fee", "1 200"}
}

func buildConventions(e *Env) error {
	out, err := e.Run("partner", "list", "--format", "json", "--at", e.Today.String())
	if err != nil {
		return err
	}
	var partners []demoPartnerJSON
	if err := json.Unmarshal([]byte(out), &partners); err != nil {
		return fmt.Errorf("demo: reading the partner list: %w", err)
	}
	out, err = e.Run("certification", "list", "--format", "json")
	if err != nil {
		return err
	}
	var certs []demoCertJSON
	if err := json.Unmarshal([]byte(out), &certs); err != nil {
		return fmt.Errorf("demo: reading the certification list: %w", err)
	}
	regEnd := map[string]domain.Date{}
	for _, c := range certs {
		if c.EndDate != nil {
			regEnd[c.Code], _ = domain.ParseDate(*c.EndDate)
		}
	}
	today := e.Today
	date := func(s *string) domain.Date {
		if s == nil {
			return domain.Date{}
		}
		d, _ := domain.ParseDate(*s)
		return d
	}
	run := func(args ...string) (string, error) {
		out, err := e.Run(args...)
		return strings.TrimSpace(out), err
	}
	create := func(siret, cert string, from, to, created domain.Date, fees []string) (string, error) {
		args := append([]string{"convention", "create", "--partner", siret, "--certification", cert,
			"--from", from.String(), "--to", to.String(), "--date", created.String()}, fees...)
		return run(args...)
	}
	counts := map[string]int{}
	for _, p := range partners {
		if p.Status != "active" && p.Status != "suspended" {
			continue
		}
		base := p.Name
		if i := strings.Index(base, " – établissement de"); i > 0 {
			base = "" // copies made by --scale get plain signed conventions
		}
		for _, h := range p.Habilitations {
			from, hto := date(h.From), date(h.To)
			limit := regEnd[h.Certification]
			if !hto.IsZero() && (limit.IsZero() || hto.Before(limit)) {
				limit = hto
			}
			if limit.IsZero() || limit.Before(today) {
				// Ended habilitations: only Cœur de Compétences' old scope gets its (terminated) convention.
				if base == "Cœur de Compétences" && h.State == "ended" && !hto.IsZero() {
					start := maxDate(from, hto.AddMonths(-24))
					id, err := create(p.SIRET, h.Certification, start, hto, start.AddDays(-20), demoFees(h.Certification, h.Scope))
					if err != nil {
						return err
					}
					if _, err := run("convention", "sign", id, "--date", start.AddDays(-10).String()); err != nil {
						return err
					}
					if _, err := run("convention", "terminate", id, "--date", hto.String(),
						"--reason", "remplacée par une nouvelle convention après la limitation du périmètre aux blocs 1 à 3"); err != nil {
						return err
					}
					counts["terminated"]++
				}
				continue
			}
			if h.State != "in_force" {
				continue
			}
			start := maxDate(from, today.AddMonths(-11))
			fees := demoFees(h.Certification, h.Scope)
			switch {
			case base == "Compétences & Talents Occitanie":
				if _, err := create(p.SIRET, h.Certification, start, limit, today, fees); err != nil {
					return err
				}
				counts["draft"]++
			case base == "Atelier Formation Bretagne":
				id, err := create(p.SIRET, h.Certification, start, limit, start.AddDays(-15), fees)
				if err != nil {
					return err
				}
				if _, err := run("convention", "send", id, "--date", start.AddDays(-10).String()); err != nil {
					return err
				}
				counts["sent"]++
			case base == "Institut RH Atlantique" || base == "Forméo Grand Est":
				// Ends within 90 days: the renewal campaign.
				end := today.AddDays(45)
				if base == "Forméo Grand Est" {
					end = today.AddDays(20)
				}
				if end.After(limit) {
					end = limit
				}
				id, err := create(p.SIRET, h.Certification, start, end, start.AddDays(-20), fees)
				if err != nil {
					return err
				}
				if _, err := run("convention", "sign", id, "--date", start.AddDays(-7).String()); err != nil {
					return err
				}
				counts["expiring"]++
				if base == "Institut RH Atlantique" && end.Before(limit) {
					if _, err := run("convention", "renew", id, "--date", today.AddDays(-3).String(), "--to", limit.String()); err != nil {
						return err
					}
					counts["renewal draft"]++
				}
			case base == "Formapro Conseil" && strings.HasPrefix(h.Certification, "RNCP") && from.Before(today.AddMonths(-14)):
				// The previous convention ended; the current one renews it, amended since.
				prevFrom := from
				prevTo := start.AddDays(-1)
				prev, err := create(p.SIRET, h.Certification, prevFrom, prevTo, prevFrom.AddDays(-20), fees)
				if err != nil {
					return err
				}
				if _, err := run("convention", "sign", prev, "--date", prevFrom.AddDays(-10).String()); err != nil {
					return err
				}
				if _, err := run("convention", "end", prev); err != nil {
					return err
				}
				id, err := run("convention", "renew", prev, "--to", limit.String(), "--date", start.AddDays(-30).String())
				if err != nil {
					return err
				}
				if _, err := run("convention", "sign", id, "--date", start.AddDays(-12).String()); err != nil {
					return err
				}
				if _, err := run("convention", "amend", id, "--reason", "révision annuelle des redevances", "--fee-per-candidate", "160",
					"--date", maxDate(start, today.AddMonths(-2)).String()); err != nil {
					return err
				}
				counts["ended"]++
				counts["signed"]++
			default:
				id, err := create(p.SIRET, h.Certification, start, limit, start.AddDays(-20), fees)
				if err != nil {
					return err
				}
				if _, err := run("convention", "sign", id, "--date", start.AddDays(-7).String()); err != nil {
					return err
				}
				counts["signed"]++
			}
		}
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	if total == 0 {
		e.Log("no habilitation in force: no convention drawn up")
		return nil
	}
	e.Log("%d conventions: %d signed, %d expiring within 90 days, %d draft, %d renewal draft, %d sent, %d ended, %d terminated",
		total, counts["signed"], counts["expiring"], counts["draft"], counts["renewal draft"], counts["sent"], counts["ended"], counts["terminated"])
	dir := filepath.Join(e.Reports, "conventions")
	if _, err := e.Run("convention", "pdf", "--all", "--out", dir, "--at", today.String()); err != nil {
		return err
	}
	e.Log("their PDFs are in %s", dir)
	return nil
}

func maxDate(a, b domain.Date) domain.Date {
	if a.After(b) {
		return a
	}
	return b
}
