package app_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/pdf"
)

// report all's pinned snapshot answers a selection of enrolments (by
// certification, session, holders) from its one list of every enrolment:
// the same records, in the same order, as the store reading them anew,
// and the very same enrolments (not a second copy in memory).
func TestPinnedEnrollmentsAnswerAsTheStore(t *testing.T) {
	ctx := context.Background()
	a, id := delivApp(t)
	if _, err := importResults(t, a, id, goodResults, false); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CloseSession(ctx, id, domain.MustDate("2026-06-20"), domain.Date{}); err != nil {
		t.Fatal(err)
	}
	r := pdf.Renderer{Options: pdf.Options{Time: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)}}
	if _, err := a.DeliverSession(ctx, app.DeliverRequest{SessionID: id, Date: domain.MustDate("2026-06-25"), Dir: filepath.Join(t.TempDir(), "d")}, r); err != nil {
		t.Fatal(err)
	}
	filters := []domain.EnrollmentFilter{
		{Holders: true},
		{Certification: "RNCP38123"},
		{Certification: "RNCP38123", Holders: true},
		{SessionID: id},
		{SessionID: id + 1},
		{Certification: "RNCP99999"},
	}
	describe := func(l []domain.EnrollmentRecord) string {
		s := ""
		for _, rec := range l {
			s += fmt.Sprintf("%d/%s/%s/%d;", rec.Enrollment.ID, rec.Enrollment.Candidate.BirthName, rec.Session.Certification, len(rec.Enrollment.Certificates))
		}
		return s
	}
	err := a.Store.Read(ctx, func(store domain.Reader) error {
		pinned := a.Pinned(store)
		return pinned.Store.Read(ctx, func(snap domain.Reader) error {
			all, err := snap.Enrollments(domain.EnrollmentFilter{})
			if err != nil {
				return err
			}
			if len(all) != 3 {
				t.Fatalf("every enrolment: %d, want 3", len(all))
			}
			shared := map[*domain.Enrollment]bool{}
			for _, rec := range all {
				shared[rec.Enrollment] = true
			}
			holders := 0
			for _, f := range filters {
				want, err := store.Enrollments(f)
				if err != nil {
					return err
				}
				got, err := snap.Enrollments(f)
				if err != nil {
					return err
				}
				if describe(got) != describe(want) {
					t.Errorf("%+v: pinned %q, store %q", f, describe(got), describe(want))
				}
				for _, rec := range got {
					if !shared[rec.Enrollment] {
						t.Errorf("%+v: enrolment %d is a copy, not the snapshot's", f, rec.Enrollment.ID)
					}
				}
				if f.Holders && f.Certification == "" {
					holders = len(got)
				}
			}
			if holders != 1 {
				t.Errorf("holders: %d, want 1 (only Łukasiewicz is admitted)", holders)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}
