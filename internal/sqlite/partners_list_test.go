package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// refMatch is how 'partner list' filtered in Go before the filters moved
// to SQL: the SQL must select exactly the same partners.
func refMatch(f PartnerFilter, p *domain.Partner) bool {
	if len(f.Status) > 0 {
		ok := false
		for _, s := range f.Status {
			ok = ok || p.Status == s
		}
		if !ok {
			return false
		}
	}
	if f.Role != "" && p.Role != f.Role {
		return false
	}
	if f.Certification != "" || !f.HabilitatedAt.IsZero() {
		ok := false
		for _, h := range p.Habilitations {
			if f.Certification != "" && h.Certification != f.Certification {
				continue
			}
			if !f.HabilitatedAt.IsZero() && !h.InForce(f.HabilitatedAt) {
				continue
			}
			ok = true
		}
		if !ok {
			return false
		}
	}
	if !f.QualiopiBefore.IsZero() && (p.Qualiopi.ValidUntil.IsZero() || !p.Qualiopi.ValidUntil.Before(f.QualiopiBefore)) {
		return false
	}
	if f.QualiopiMissing && !p.Qualiopi.ValidUntil.IsZero() {
		return false
	}
	if s := domain.Fold(f.Search); s != "" {
		digits := domain.CleanDigits(f.Search)
		hit := strings.Contains(domain.Fold(p.Name)+" | "+domain.Fold(p.Email), s)
		if !hit && digits != "" && strings.Trim(digits, "0123456789") == "" {
			hit = strings.Contains(string(p.SIRET), digits) || strings.Contains(string(p.NDA), digits)
		}
		if !hit {
			return false
		}
	}
	return true
}

func TestPartnerListInSQLMatchesTheRules(t *testing.T) {
	ctx := context.Background()
	for _, n := range []int{120, 5200} { // read by SIRET; by repeating the filter (over smallSelection)
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			db := fdnOpen(t, filepath.Join(t.TempDir(), "habil.db"), Options{})
			seedPartners(t, db, n)
			// A few names whose order depends on case and accents, a
			// co-certifier and a second certification.
			prMust(t, db.WithTx(ctx, func(tx *Tx) error {
				if _, err := tx.SaveCertification(&domain.Certification{Code: "RS6155", Title: "Tuteur", EndDate: domain.MustDate("2030-06-30")}); err != nil {
					return err
				}
				for i, name := range []string{"école zéro", "Ecole Zero", "ÉCOLE ZÉRO BIS", "Œuvre", "oeuvre"} {
					p := &domain.Partner{SIRET: benchSIRET(900000 + i), Name: name, Role: domain.RoleCoCertifier, Email: "x@ÉCOLE.fr"}
					if err := tx.CreatePartner(p, domain.MustDate("2025-01-01"), ""); err != nil {
						return err
					}
					h := &domain.Habilitation{PartnerSIRET: p.SIRET, Certification: "RS6155", Scope: domain.ScopeTrain, From: domain.MustDate("2025-02-01")}
					if err := tx.AddHabilitation(h); err != nil {
						return err
					}
				}
				return nil
			}))
			all, err := db.Partners(ctx, PartnerFilter{Sort: "siret"})
			prMust(t, err)
			if len(all) != n+5 {
				t.Fatalf("%d partners listed, want %d", len(all), n+5)
			}
			filters := []PartnerFilter{
				{},
				{Status: []domain.PartnerStatus{domain.StatusActive, domain.StatusSuspended}},
				{Role: domain.RoleCoCertifier},
				{Role: domain.RolePartner}, // with 5200: a large selection with a filter
				{Search: "contact"},
				{Certification: "RS6155"},
				{Certification: "RNCP36141", HabilitatedAt: domain.MustDate("2026-08-01")},
				{HabilitatedAt: domain.MustDate("2024-03-15")},
				{QualiopiBefore: domain.MustDate("2027-01-01")},
				{QualiopiMissing: true, Status: []domain.PartnerStatus{domain.StatusWithdrawn}},
				{Search: "ECOLE"},
				{Search: "métiers besançon"},
				{Search: "contact1@"},
				{Search: string(benchSIRET(7))[:9]},
				{Search: "846 900 000"},
				{Search: "nothing like it"},
			}
			for _, f := range filters {
				for _, sort := range []string{"name", "siret", "status", "qualiopi"} {
					f.Sort = sort
					var want []*domain.Partner
					for _, p := range all {
						if refMatch(f, p) {
							want = append(want, p)
						}
					}
					refSort(want, sort)
					got, err := db.Partners(ctx, f)
					prMust(t, err)
					if len(got) != len(want) {
						t.Fatalf("%+v: %d partners, want %d", f, len(got), len(want))
					}
					for i := range got {
						if got[i].SIRET != want[i].SIRET {
							t.Fatalf("%+v: #%d is %s (%s), want %s (%s)", f, i, got[i].SIRET, got[i].Name, want[i].SIRET, want[i].Name)
						}
						if len(got[i].Habilitations) != len(want[i].Habilitations) || len(got[i].History) != len(want[i].History) ||
							got[i].StatusSince != want[i].StatusSince {
							t.Fatalf("%+v: %s loaded %d habilitations, %d changes, since %s; want %d, %d, %s", f, got[i].SIRET,
								len(got[i].Habilitations), len(got[i].History), got[i].StatusSince,
								len(want[i].Habilitations), len(want[i].History), want[i].StatusSince)
						}
					}
					count, err := db.PartnerCount(ctx, f)
					prMust(t, err)
					if count != len(want) {
						t.Errorf("%+v: counted %d, want %d", f, count, len(want))
					}
				}
			}
			// The status date is the last change's, as Partner reads it.
			one, err := db.Partner(ctx, all[0].SIRET)
			prMust(t, err)
			if one.StatusSince != all[0].StatusSince {
				t.Errorf("status since %s, listed %s", one.StatusSince, all[0].StatusSince)
			}
		})
	}
}

var statusRank = map[domain.PartnerStatus]int{domain.StatusProspect: 1, domain.StatusActive: 0, domain.StatusSuspended: 2, domain.StatusWithdrawn: 3}

// refSort is the reference of partnerOrder: it orders partners by name (default; without case or accents),
// siret, status (active, prospect, suspended, withdrawn, then name) or
// qualiopi (soonest end first, unknown last, then name). Ties fall back to SIRET.
func refSort(l []*domain.Partner, by string) {
	byName := func(a, b *domain.Partner) int {
		if x, y := domain.Fold(a.Name), domain.Fold(b.Name); x != y {
			if x < y {
				return -1
			}
			return 1
		}
		return strings.Compare(string(a.SIRET), string(b.SIRET))
	}
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		switch by {
		case "siret":
			return a.SIRET < b.SIRET
		case "status":
			if statusRank[a.Status] != statusRank[b.Status] {
				return statusRank[a.Status] < statusRank[b.Status]
			}
		case "qualiopi":
			qa, qb := a.Qualiopi.ValidUntil, b.Qualiopi.ValidUntil
			if qa.IsZero() != qb.IsZero() {
				return qb.IsZero()
			}
			if c := qa.Compare(qb); c != 0 {
				return c < 0
			}
		}
		return byName(a, b) < 0
	})
}
