package check_test

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/domain"
)

// A re-imported fiche lost bloc BC02: the habilitation and the convention
// limited to it are reported; those on the fiche's blocs, ended ones, a
// withdrawn partner's and final conventions are not.
func TestCheckBlocUnknown(t *testing.T) {
	const b = check.BlocUnknown
	bc := func(n string) string { return string(ckRNCP) + n }
	in := ckInput()
	in.Certifications[0].Blocs = []domain.Bloc{{Code: bc("BC01")}, {Code: bc("BC02")}, {Code: bc("BC03")}}
	in.Partners[0].Habilitations[0].Blocs = []string{bc("BC02")}
	conv := ckConv(7, ckA, ckRNCP, domain.ConventionSigned, "2026-01-01", "2027-12-31", "2025-12-01")
	conv.Versions[0].Blocs = []string{bc("BC01"), bc("BC02")}
	in.Conventions = []*domain.Convention{conv}
	ckWant(t, "every bloc still on the fiche", ckCodes(t, in, b))

	// The fiche re-imported without BC02.
	in.Certifications[0].Blocs = []domain.Bloc{{Code: bc("BC01")}, {Code: bc("BC03")}}
	ckWant(t, "bloc lost", ckCodes(t, in, b), "error HABILITATION_BLOC_UNKNOWN "+ckA, "error HABILITATION_BLOC_UNKNOWN CONV-2025-0007")
	l := ckRun(t, in, b)
	for _, want := range []struct {
		i    int
		frag string
	}{
		{0, "habilitation #1 of Formapro Lyon (888 777 265 00016) for RNCP36141 is limited to bloc RNCP36141BC02, which the fiche no longer has (its blocs are now RNCP36141BC01, RNCP36141BC03)"},
		{0, "'habil partner habilitation end 1 --date D --reason …'"},
		{1, "CONV-2025-0007 (signed) with"},
		{1, "is limited to bloc RNCP36141BC02, which the fiche no longer has"},
		{1, "'habil convention amend 7 --rescope --reason …'"},
	} {
		if !strings.Contains(l[want.i].Message, want.frag) {
			t.Errorf("message %q lacks %q", l[want.i].Message, want.frag)
		}
	}
	if l[0].Severity != domain.SeverityError || l[0].Certification != ckRNCP || l[1].Convention != "CONV-2025-0007" {
		t.Errorf("findings = %+v", l)
	}

	// A whole-certification habilitation has no bloc to lose.
	in.Partners[0].Habilitations[0].Blocs = nil
	in.Conventions = nil
	ckWant(t, "whole certification", ckCodes(t, in, b))
	// An ended habilitation, a withdrawn partner, a terminated convention: history.
	in.Partners[0].Habilitations[0].Blocs = []string{bc("BC02")}
	in.Partners[0].Habilitations[0].To = ckDate("2026-01-31")
	conv.Status = domain.ConventionTerminated
	in.Conventions = []*domain.Convention{conv}
	ckWant(t, "history", ckCodes(t, in, b))
	in.Partners[0].Habilitations[0].To = domain.Date{}
	in.Partners[0].Status = domain.StatusWithdrawn
	ckWant(t, "withdrawn", ckCodes(t, in, b))
	// A fiche left with no bloc at all.
	in.Partners[0].Status = domain.StatusActive
	in.Certifications[0].Blocs = nil
	ckOne(t, in, b, "limited to bloc RNCP36141BC02, which the fiche no longer has (the fiche now has no blocs)")
}
