package sqlite

import (
	"context"
	"testing"
	"time"
)

func TestJournalFilters(t *testing.T) {
	ctx := context.Background()
	db := fdnOpen(t, t.TempDir()+"/habil.db", Options{})
	at := func(s string) { db.now = func() time.Time { tm, _ := time.Parse(time.RFC3339, s); return tm } }
	at("2026-01-10T09:00:00Z")
	fdnSaveCertifier(t, db, "Un") // create
	at("2026-01-12T09:00:00Z")
	db.actor.User = "marie"
	fdnSaveCertifier(t, db, "Deux") // update
	at("2026-01-14T09:00:00Z")
	fdnSaveCertifier(t, db, "Trois") // update
	for _, c := range []struct {
		name string
		f    JournalFilter
		want []int64
	}{
		{"all", JournalFilter{}, []int64{1, 2, 3}},
		{"since", JournalFilter{Since: "2026-01-12T00:00:00Z"}, []int64{2, 3}},
		{"until", JournalFilter{Until: "2026-01-12T09:00:00Z"}, []int64{1}},
		{"between", JournalFilter{Since: "2026-01-11T00:00:00Z", Until: "2026-01-13T00:00:00Z"}, []int64{2}},
		{"user", JournalFilter{User: "marie"}, []int64{2, 3}},
		{"action", JournalFilter{Action: "create"}, []int64{1}},
		{"action+limit", JournalFilter{Action: "update", Limit: 1}, []int64{3}},
		{"nobody", JournalFilter{User: "paul"}, nil},
	} {
		l, err := db.Journal(ctx, c.f)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, e := range l {
			got = append(got, e.Seq)
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: entries %v, want %v", c.name, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: entries %v, want %v", c.name, got, c.want)
				break
			}
		}
	}
}
