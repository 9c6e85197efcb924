package partner

import (
	"bytes"
	"testing"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
)

// The streamed JSON of 'partner list' (appendPartner, straight from the
// domain) must be byte for byte ToJSON + encoding/json: the golden file
// pins the common case, this pins escaping, nulls, dates and empty lists.
func TestAppendPartnerIsToJSON(t *testing.T) {
	tricky := []string{"", "Formapro", `a "quoted" \ name`, "tab\there", "<Œuvre> & École", "bad \xff", "x\u2028y"}
	s := func(i int) string { return tricky[i%len(tricky)] }
	dates := []domain.Date{{}, domain.MustDate("2026-01-15"), domain.MustDate("2025-12-31"), domain.NewDate(999, 3, 4)}
	d := func(i int) domain.Date { return dates[i%len(dates)] }
	at := domain.MustDate("2026-01-01")
	var list []*domain.Partner
	for i := 0; i < 40; i++ {
		p := &domain.Partner{SIRET: domain.SIRET(s(i)), Name: s(i + 1), NDA: domain.NDA(s(i + 2)), Role: domain.Role(s(i + 3)),
			Status: domain.PartnerStatus(s(i + 4)), Address: s(i + 5), Representative: s(i + 6), Email: s(i + 7), Phone: s(i + 8),
			Website: s(i + 9), UAI: s(i + 10), StatusSince: d(i),
			Qualiopi: domain.Qualiopi{Body: s(i + 11), Number: s(i + 12), ValidUntil: d(i + 1)}}
		if i%3 == 1 {
			p.Qualiopi.Categories = []string{s(i), s(i + 1)}
		}
		for k := 0; k < i%3; k++ {
			h := domain.Habilitation{ID: int64(i*10 + k), Certification: domain.CertCode(s(i + k)), Scope: domain.ScopeBoth,
				From: d(i + k), To: d(i + k + 1), EndReason: s(i + k + 2)}
			if k == 1 {
				h.Scope, h.Blocs, h.Access = domain.ScopeTrain, []string{s(i), "B"}, []domain.Access{domain.AccessVAE, domain.AccessFI}
			}
			p.Habilitations = append(p.Habilitations, h)
			p.History = append(p.History, domain.StatusChange{From: domain.PartnerStatus(s(k)), To: domain.StatusActive, Date: d(i + k), Reason: s(i)})
		}
		list = append(list, p)
	}
	// The whole array, streamed, equals encoding/json of the slice (also
	// for one partner and for none).
	for _, l := range [][]*domain.Partner{list, list[:1], {}} {
		js := []PartnerJSON{}
		for _, p := range l {
			js = append(js, ToJSON(p, at))
		}
		var want, got bytes.Buffer
		if err := cmdutil.WriteJSON(&want, js); err != nil {
			t.Fatal(err)
		}
		if err := writeJSONList(&got, len(l), func(b []byte, i int) []byte { return appendPartner(b, l[i], at) }); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("%d partners:\n%s\nwant\n%s", len(l), got.String(), want.String())
		}
	}
}
