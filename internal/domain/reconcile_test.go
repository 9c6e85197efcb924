package domain_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

func rcPartner(siret, name string, status domain.PartnerStatus, habs ...domain.Habilitation) *domain.Partner {
	p := &domain.Partner{SIRET: domain.SIRET(siret), Name: name, Status: status, StatusSince: domain.MustDate("2024-01-01")}
	for _, h := range habs {
		h.PartnerSIRET = p.SIRET
		p.Habilitations = append(p.Habilitations, h)
	}
	return p
}

func rcHab(id int64, cert domain.CertCode, scope domain.Scope, from string) domain.Habilitation {
	return domain.Habilitation{ID: id, Certification: cert, Scope: scope, From: domain.MustDate(from)}
}

func rcPub(siret, name, code, status string) domain.PublishedPartner {
	return domain.PublishedPartner{SIRET: siret, Name: name, Habilitation: code, Status: status}
}

func rcString(l []domain.Finding) string {
	var b strings.Builder
	for _, f := range l {
		fmt.Fprintf(&b, "%s %s %s %s %s\n", f.Severity, f.Code, f.Kind, f.Certification, f.Subject)
	}
	return b.String()
}

func TestReconcile(t *testing.T) {
	const c = domain.CertCode("RNCP36141")
	at := domain.MustDate("2025-11-01")
	in := domain.ReconcileInput{
		At:             at,
		CertifierSIRET: "73282932000074",
		Partners: []*domain.Partner{
			rcPartner("88877726500016", "OK", domain.StatusActive, rcHab(1, c, domain.ScopeBoth, "2024-01-01")),
			rcPartner("80875076400025", "Withdrawn", domain.StatusWithdrawn),
			rcPartner("81738914100018", "Undeclared", domain.StatusActive, rcHab(2, c, domain.ScopeTrain, "2025-01-01")),
			rcPartner("35600000000048", "Recent", domain.StatusActive, rcHab(3, c, domain.ScopeTrain, "2025-10-01")),
			rcPartner("18263001200231", "Code", domain.StatusActive, rcHab(4, c, domain.ScopeTrain, "2024-01-01")),
			rcPartner("13000460900017", "Removed there", domain.StatusActive, rcHab(5, c, domain.ScopeAssess, "2024-01-01")),
			rcPartner("13001727000856", "Split", domain.StatusActive, rcHab(6, c, domain.ScopeBoth, "2024-01-01")),
			rcPartner("13002285800018", "No hab", domain.StatusActive, domain.Habilitation{ID: 7, Certification: c, Scope: domain.ScopeBoth,
				From: domain.MustDate("2023-01-01"), To: domain.MustDate("2024-12-31")}),
			rcPartner("18060001700016", "Suspended, listed inactive", domain.StatusSuspended, rcHab(8, c, domain.ScopeBoth, "2024-01-01")),
		},
		Fiches: []domain.ReconcileFiche{{Cert: c, HasStatus: true, Partners: []domain.PublishedPartner{
			rcPub("88877726500016", "OK", "HABILITATION_ORGA_FORM", "Actif"),
			rcPub("\t80875076400025", "WITHDRAWN", "HABILITATION_ORGA_FORM", "Actif"),
			rcPub("44321186700025", "VISIPLUS", "HABILITATION_FORMER", "Actif"),
			rcPub("18263001200231", "CODE", "HABILITATION_ORGA_FORM", "Actif"),
			rcPub("13000460900017", "REMOVED", "HABILITATION_ORGANISER", "Supprimé"),
			rcPub("13001727000856", "SPLIT", "HABILITATION_FORMER", "Actif"),
			rcPub("13001727000856", "SPLIT", "HABILITATION_ORGANISER", "Actif"),
			rcPub("13002285800018", "NO HAB", "HABILITATION_ORGA_FORM", "Actif"),
			rcPub("18060001700016", "SUSPENDED", "HABILITATION_ORGA_FORM", "Inactif"),
			rcPub("73282932000074", "US", "HABILITATION_ORGA_FORM", "Actif"),
		}}},
		Skipped: []domain.ReconcileSkip{{Cert: "RS6155", Reason: "its fiche is not in x.xml"}},
	}
	all := domain.Reconcile(in)
	want := `error FC_UNKNOWN_PARTNER not_habilitated RNCP36141 13002285800018
error FC_UNKNOWN_PARTNER unknown RNCP36141 44321186700025
error FC_UNKNOWN_PARTNER not_active RNCP36141 80875076400025
warning FC_REGISTER_MISMATCH listed_inactive RNCP36141 13000460900017
warning FC_REGISTER_MISMATCH code_differs RNCP36141 18263001200231
warning FC_REGISTER_MISMATCH not_listed RNCP36141 35600000000048
warning FC_REGISTER_MISMATCH not_listed RNCP36141 81738914100018
info FC_CERTIFIER_LISTED unknown RNCP36141 73282932000074
info FC_FICHE_MISSING fiche_missing RS6155 RS6155
`
	if got := rcString(all); got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}
	byKind := map[string]domain.Finding{}
	for _, f := range all {
		byKind[f.Kind+f.Subject] = f
	}
	for key, frag := range map[string][]string{
		"unknown44321186700025":         {"VISIPLUS (443 211 867 00025)", "RNCP36141 (HABILITATION_FORMER)", "Mon Compte Formation"},
		"not_active80875076400025":      {"withdrawn here since 2024-01-01"},
		"code_differs18263001200231":    {"HABILITATION_ORGA_FORM", "HABILITATION_FORMER", "#4"},
		"listed_inactive13000460900017": {"HABILITATION_ORGANISER (Supprimé)", "habilitation #5"},
		"not_listed81738914100018":      {"since 2025-01-01", "declare it"},
		"not_habilitated13002285800018": {"no habilitation on RNCP36141 in force on 2025-11-01"},
	} {
		f, ok := byKind[key]
		if !ok {
			t.Errorf("no finding %s", key)
			continue
		}
		for _, s := range frag {
			if !strings.Contains(f.Message, s) {
				t.Errorf("%s: %q lacks %q", key, f.Message, s)
			}
		}
	}

	// The grace period hides habilitations too recent to be listed.
	due := domain.DueFindings(all, at, 60)
	if len(due) != len(all)-1 || strings.Contains(rcString(due), "35600000000048") {
		t.Errorf("due:\n%s", rcString(due))
	}
	if later := domain.DueFindings(all, domain.MustDate("2025-12-01"), 60); len(later) != len(all) {
		t.Errorf("after the grace period the recent one is due: %d of %d", len(later), len(all))
	}
	if none := domain.DueFindings(all, at, 0); len(none) != len(all) {
		t.Errorf("grace 0 keeps everything")
	}

	// Without statuses (CSV export), every listed organisation counts as active.
	in.Fiches[0].HasStatus = false
	csv := rcString(domain.Reconcile(in))
	if strings.Contains(csv, "listed_inactive") || !strings.Contains(csv, "error FC_UNKNOWN_PARTNER not_active RNCP36141 18060001700016") {
		t.Errorf("CSV findings:\n%s", csv)
	}
	if strings.Contains(csv, "13000460900017") {
		t.Errorf("CSV: the ORGANISER row matches the assess habilitation and must give no finding:\n%s", csv)
	}
}

func TestPublishedActive(t *testing.T) {
	for s, want := range map[string]bool{"Actif": true, "": true, "ACTIF": true, "Inactif": false, "Supprimé": false, "supprime": false} {
		if domain.PublishedActive(s) != want {
			t.Errorf("PublishedActive(%q) != %v", s, want)
		}
	}
}
