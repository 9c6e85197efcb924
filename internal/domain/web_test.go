package domain

import "testing"

func TestLastWebChecks(t *testing.T) {
	mk := func(id int64, siret, url, on string) WebCheck {
		return WebCheck{ID: id, PartnerSIRET: SIRET(siret), URL: url, CheckedOn: MustDate(on)}
	}
	l := []WebCheck{
		mk(1, "A", "u1", "2026-01-01"),
		mk(2, "B", "u1", "2026-01-01"),
		mk(3, "A", "u1", "2026-02-01"),
		mk(4, "A", "u2", "2026-02-01"),
		mk(5, "A", "u1", "2026-02-01"), // the same day, recorded later
		mk(6, "B", "u1", "2026-05-01"), // after the date
	}
	got := LastWebChecks(l, MustDate("2026-03-01"))
	var ids []int64
	for _, w := range got {
		ids = append(ids, w.ID)
	}
	if len(ids) != 3 || ids[0] != 5 || ids[1] != 2 || ids[2] != 4 {
		t.Fatalf("ids %v, want [5 2 4]", ids)
	}
	if n := len(LastWebChecks(l, Date{})); n != 3 {
		t.Fatalf("without a date: %d", n)
	}
}
