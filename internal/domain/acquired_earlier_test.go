package domain

import (
	"reflect"
	"testing"
)

// TestAcquiredEarlier: only blocs validated in sessions of the same
// certification held before this one count; a later session's blocs (a
// candidate who sat again) do not, nor this session's own.
func TestAcquiredEarlier(t *testing.T) {
	sess := func(id int64, cert CertCode, date string) *Session {
		return &Session{ID: id, Certification: cert, Date: MustDate(date)}
	}
	rec := func(s *Session, blocs ...string) EnrollmentRecord {
		return EnrollmentRecord{Enrollment: &Enrollment{BlocsValidated: blocs}, Session: s}
	}
	this := sess(5, "RNCP36141", "2026-03-10")
	records := []EnrollmentRecord{
		rec(sess(2, "RNCP36141", "2025-11-20"), "BC01"),
		rec(sess(4, "RNCP36141", "2026-03-10"), "BC02"), // same day, created before: earlier
		rec(this, "BC03"),
		rec(sess(6, "RNCP36141", "2026-03-10"), "BC04"), // same day, created after
		rec(sess(9, "RNCP36141", "2026-06-01"), "BC05"), // later
		rec(sess(3, "RS5568", "2025-01-01"), "BC06"),    // another certification
	}
	if got, want := AcquiredEarlier(records, this), []string{"BC01", "BC02"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("AcquiredEarlier = %v, want %v", got, want)
	}
	if got := AcquiredEarlier(nil, this); len(got) != 0 {
		t.Fatalf("no records: %v", got)
	}
}

// TestApplyResultShortBlocCodes: a results file may write "BC01" or "01",
// as a candidate list may; both name RNCP38123BC01.
func TestApplyResultShortBlocCodes(t *testing.T) {
	cert := Certification{Code: "RNCP38123", Blocs: []Bloc{{Code: "RNCP38123BC01"}, {Code: "RNCP38123BC02"}}}
	for _, in := range []string{"BC01", "01", "rncp38123bc01"} {
		blocs, err := ApplyResult(&cert, &Enrollment{}, ResultInput{Result: ResultFailed, Blocs: []string{in}}, nil)
		if err != nil || len(blocs) != 1 || blocs[0] != "RNCP38123BC01" {
			t.Errorf("%q: %v %v", in, blocs, err)
		}
	}
}
