package partner

import (
	"bytes"
	"testing"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
)

// The streamed JSON of 'partner list' must be byte for byte what
// encoding/json writes (the golden file pins the common case; this pins
// escaping, nulls and empty lists).
func TestStreamedPartnerJSONIsEncodingJSON(t *testing.T) {
	tricky := []string{"", "plain", `quote " and \ backslash`, "tab\tnew\nline\rcr", "\b\f\x00\x1f", "<b>&amp;</b>",
		"Œuvre École Nguyễn Thị Hương", "bad \xff utf8", "line\u2028para\u2029", "emoji 🎓"}
	s := func(i int) string { return tricky[i%len(tricky)] }
	ptr := func(i int) *string {
		if i%3 == 0 {
			return nil
		}
		v := s(i)
		return &v
	}
	var list []PartnerJSON
	for i := 0; i < 2*len(tricky); i++ {
		j := PartnerJSON{SIRET: s(i), Name: s(i + 1), NDA: ptr(i), Role: s(i + 2), Status: s(i + 3), StatusSince: ptr(i + 1),
			Email: ptr(i + 2), Phone: ptr(i + 3), Website: ptr(i + 4), Address: ptr(i + 5), Representative: ptr(i + 6),
			UAI: ptr(i + 7), QualiopiBody: ptr(i + 8), QualiopiNumber: ptr(i + 9), QualiopiUntil: ptr(i + 10)}
		switch i % 3 {
		case 0:
			j.QualiopiCategories = []string{}
		case 1:
			j.QualiopiCategories = []string{s(i), s(i + 4)}
		}
		for k := 0; k < i%3; k++ {
			j.Habilitations = append(j.Habilitations, HabilitationJSON{ID: int64(i*10 + k), Certification: s(i + k), Scope: s(i + 1),
				FCCode: s(i + 2), Blocs: []string{s(k), s(k + 1)}, Access: []string{}, From: ptr(i + k), To: ptr(i + k + 1),
				State: s(i + 5), EndReason: ptr(i + k + 2)})
			j.History = append(j.History, StatusChangeJSON{From: ptr(k), To: s(i), Date: s(i + 1), Reason: s(i + k)})
		}
		if i%4 == 0 {
			j.Habilitations, j.History = []HabilitationJSON{}, []StatusChangeJSON{}
		}
		list = append(list, j)
	}
	for _, l := range [][]PartnerJSON{list, list[:1], {}} {
		var want, got bytes.Buffer
		if err := cmdutil.WriteJSON(&want, l); err != nil {
			t.Fatal(err)
		}
		if err := writeJSONList(&got, len(l), func(b []byte, i int) []byte { return appendPartnerJSON(b, &l[i]) }); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("streamed JSON differs:\n%s\nwant\n%s", got.String(), want.String())
		}
	}
	// And from a real partner, through ToJSON.
	p := &domain.Partner{SIRET: "81738914100018", Name: "Formapro", Status: domain.StatusActive,
		Habilitations: []domain.Habilitation{{ID: 3, Certification: "RNCP36141", Scope: domain.ScopeBoth, From: domain.MustDate("2025-01-01")}},
		History:       []domain.StatusChange{{To: domain.StatusActive, Date: domain.MustDate("2025-01-01"), Reason: "recorded"}}}
	j := ToJSON(p, domain.MustDate("2026-01-01"))
	var want bytes.Buffer
	_ = cmdutil.WriteJSON(&want, []PartnerJSON{j})
	got := "[\n  " + string(appendPartnerJSON(nil, &j)) + "\n]\n"
	if got != want.String() {
		t.Fatalf("got\n%s\nwant\n%s", got, want.String())
	}
}
