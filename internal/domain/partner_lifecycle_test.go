package domain_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// Rules moved out of the store: the status plan, a habilitation's end, the
// import's choice of the habilitation to update, normalisation. Helpers of
// this file are prefixed with "pl".

// plPartner is a partner recorded (prospect) on since, then moved through
// the given statuses, each dated.
func plPartner(status domain.PartnerStatus, since string, steps int, habs ...domain.Habilitation) *domain.Partner {
	p := &domain.Partner{SIRET: "81738914100018", Name: "CFA Test", Status: status, StatusSince: domain.MustDate(since), Habilitations: habs}
	p.History = append(p.History, domain.StatusChange{To: domain.StatusProspect, Date: domain.MustDate(since), Reason: "recorded"})
	for i := 1; i < steps; i++ {
		p.History = append(p.History, domain.StatusChange{From: domain.StatusProspect, To: status, Date: domain.MustDate(since), Reason: "step"})
	}
	return p
}

func plHab(id int64, from, to string) domain.Habilitation {
	h := lcHab(from, to)
	h.ID = id
	return h
}

func TestPlanStatusChangeEveryTransition(t *testing.T) {
	const (
		P = domain.StatusProspect
		A = domain.StatusActive
		S = domain.StatusSuspended
		W = domain.StatusWithdrawn
	)
	allowed := map[[2]domain.PartnerStatus]bool{{P, A}: true, {P, W}: true, {A, S}: true, {A, W}: true, {S, A}: true, {S, W}: true}
	all := []domain.PartnerStatus{P, A, S, W}
	for _, from := range all {
		for _, to := range all {
			t.Run(fmt.Sprintf("%s→%s", from, to), func(t *testing.T) {
				p := plPartner(from, "2025-01-10", 2)
				pl, err := domain.PlanStatusChange(p, to, domain.MustDate("2025-02-01"), "  because  ")
				if !allowed[[2]domain.PartnerStatus{from, to}] {
					if err == nil {
						t.Fatalf("allowed, want refused")
					}
					if domain.KindOf(err) != domain.KindConflict {
						t.Fatalf("kind %v: %v", domain.KindOf(err), err)
					}
					return
				}
				noErr(t, err, "plan")
				if pl.From != from || pl.To != to || pl.Date != domain.MustDate("2025-02-01") || pl.Reason != "because" || pl.BackdateRecording {
					t.Errorf("plan = %+v", pl)
				}
			})
		}
	}
}

func TestPlanStatusChangeReasonRequired(t *testing.T) {
	_, err := domain.PlanStatusChange(plPartner(domain.StatusProspect, "2025-01-10", 1), domain.StatusActive, domain.MustDate("2025-02-01"), "  ")
	wantInvalid(t, err, "REASON_MISSING", "needs a reason", "--reason")
}

func TestPlanStatusChangeDates(t *testing.T) {
	// The first change after recording may predate it: the recording moves back.
	p := plPartner(domain.StatusProspect, "2025-03-01", 1)
	pl, err := domain.PlanStatusChange(p, domain.StatusActive, domain.MustDate("2025-01-06"), "actif depuis janvier")
	noErr(t, err, "back-dated first change")
	if !pl.BackdateRecording {
		t.Error("first change before the recording: BackdateRecording = false")
	}
	// Same day, or later: no back-dating.
	for _, d := range []string{"2025-03-01", "2025-04-01"} {
		pl, err = domain.PlanStatusChange(p, domain.StatusActive, domain.MustDate(d), "ok")
		noErr(t, err, d)
		if pl.BackdateRecording {
			t.Errorf("%s: BackdateRecording = true", d)
		}
	}
	// Later changes may not predate the last one.
	p = plPartner(domain.StatusActive, "2025-03-01", 2)
	_, err = domain.PlanStatusChange(p, domain.StatusSuspended, domain.MustDate("2025-02-28"), "audit")
	wantErr(t, err, domain.KindConflict, "STATUS_DATE", "before the partner's last status change", "on or after 2025-03-01")
	_, err = domain.PlanStatusChange(p, domain.StatusSuspended, domain.MustDate("2025-03-01"), "audit")
	noErr(t, err, "same day as the last change")
	// No date known (imported without history): anything goes.
	p = &domain.Partner{SIRET: "81738914100018", Status: domain.StatusActive}
	_, err = domain.PlanStatusChange(p, domain.StatusSuspended, domain.MustDate("2000-01-01"), "audit")
	noErr(t, err, "no status date")
}

func TestPlanStatusChangeWithdrawalEffects(t *testing.T) {
	habs := []domain.Habilitation{
		plHab(1, "2024-01-01", "2024-12-31"), // over before: untouched
		plHab(2, "2025-01-01", ""),           // running, open-ended: ended the day before
		plHab(3, "2025-01-01", "2025-06-30"), // ends after the withdrawal: ended the day before
		plHab(4, "2025-06-01", ""),           // starts on the withdrawal day: removed
		plHab(5, "2025-09-01", "2026-01-01"), // future: removed
		plHab(6, "2025-01-01", "2025-05-31"), // ends exactly the day before: untouched
		plHab(7, "2025-05-31", "2025-05-31"), // its only day is the day before: untouched
	}
	p := plPartner(domain.StatusActive, "2025-01-01", 2, habs...)
	pl, err := domain.PlanStatusChange(p, domain.StatusWithdrawn, domain.MustDate("2025-06-01"), "fin de partenariat")
	noErr(t, err, "withdraw")
	if pl.EndOn != domain.MustDate("2025-05-31") || pl.EndReason != "partner withdrawn: fin de partenariat" {
		t.Errorf("end on %s for %q", pl.EndOn, pl.EndReason)
	}
	var got []string
	for _, e := range pl.Habilitations {
		got = append(got, fmt.Sprintf("#%d remove=%v", e.Habilitation.ID, e.Remove))
	}
	want := []string{"#2 remove=false", "#3 remove=false", "#4 remove=true", "#5 remove=true"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("effects = %v, want %v", got, want)
	}
	if pl.Habilitations[0].Habilitation.To != (domain.Date{}) {
		t.Error("the plan changed the stored habilitation")
	}
	// Suspending keeps every habilitation.
	pl, err = domain.PlanStatusChange(p, domain.StatusSuspended, domain.MustDate("2025-06-01"), "audit")
	noErr(t, err, "suspend")
	if len(pl.Habilitations) != 0 {
		t.Errorf("suspension touches habilitations: %+v", pl.Habilitations)
	}
	// A prospect withdrawn with a future habilitation: removed.
	p = plPartner(domain.StatusProspect, "2025-01-01", 1, plHab(9, "2025-03-01", ""))
	pl, err = domain.PlanStatusChange(p, domain.StatusWithdrawn, domain.MustDate("2025-02-01"), "abandon")
	noErr(t, err, "withdraw prospect")
	if len(pl.Habilitations) != 1 || !pl.Habilitations[0].Remove {
		t.Errorf("effects = %+v", pl.Habilitations)
	}
}

func TestCheckHabilitationEnd(t *testing.T) {
	open := plHab(12, "2025-01-01", "")
	reason, err := domain.CheckHabilitationEnd(&open, domain.MustDate("2026-06-30"), "  non renouvelée ")
	noErr(t, err, "end")
	if reason != "non renouvelée" {
		t.Errorf("reason = %q", reason)
	}
	_, err = domain.CheckHabilitationEnd(&open, domain.MustDate("2025-01-01"), "one day")
	noErr(t, err, "end on its first day")
	_, err = domain.CheckHabilitationEnd(&open, domain.MustDate("2026-06-30"), "")
	wantInvalid(t, err, "REASON_MISSING", "needs a reason")
	_, err = domain.CheckHabilitationEnd(&open, domain.MustDate("2024-12-31"), "x")
	wantErr(t, err, domain.KindConflict, "END_BEFORE_START", "#12 starts on 2025-01-01", "on or after 2025-01-01")
	closed := plHab(13, "2025-01-01", "2025-12-31")
	_, err = domain.CheckHabilitationEnd(&closed, domain.MustDate("2026-01-01"), "x")
	wantErr(t, err, domain.KindConflict, "END_AFTER_END", "already ends on 2025-12-31")
	_, err = domain.CheckHabilitationEnd(&closed, domain.MustDate("2025-12-31"), "x")
	wantErr(t, err, domain.KindConflict, "END_SAME")
	_, err = domain.CheckHabilitationEnd(&closed, domain.MustDate("2025-06-30"), "x")
	noErr(t, err, "end earlier")
}

func TestMatchHabilitation(t *testing.T) {
	existing := []domain.Habilitation{plHab(1, "2024-01-01", "2024-12-31"), plHab(2, "2025-01-01", "")}
	other := plHab(3, "2020-01-01", "")
	other.Certification = "RS6155"
	existing = append(existing, other)

	got, err := domain.MatchHabilitation(lcHab("2025-06-01", ""), existing)
	noErr(t, err, "match")
	if got == nil || got.ID != 2 {
		t.Errorf("match = %+v, want #2", got)
	}
	got, err = domain.MatchHabilitation(lcHab("2023-01-01", "2023-12-31"), existing)
	noErr(t, err, "no match")
	if got != nil {
		t.Errorf("match = %+v, want none (a new habilitation)", got)
	}
	_, err = domain.MatchHabilitation(lcHab("2024-06-01", ""), existing)
	wantErr(t, err, domain.KindConflict, "HABILITATION_AMBIGUOUS", "overlaps 2 habilitations", "#1 (2024-01-01 → 2024-12-31)", "#2")
}

func TestNormaliseAndCheckHabilitation(t *testing.T) {
	c := lcCert()
	h := lcHab("2025-01-01", "")
	h.Blocs = []string{"BC02", "RNCP35419BC01", "bc02"}
	h.Access = []domain.Access{domain.AccessVAE, domain.AccessFI, domain.AccessVAE}
	noErr(t, domain.NormaliseHabilitation(&h, c), "normalise")
	if !reflect.DeepEqual(h.Blocs, []string{"RNCP35419BC01", "RNCP35419BC02"}) {
		t.Errorf("blocs = %v", h.Blocs)
	}
	if domain.AccessCodes(h.Access) != domain.AccessCodes([]domain.Access{domain.AccessFI, domain.AccessVAE}) {
		t.Errorf("access = %v", h.Access)
	}
	e := lcHab("2025-01-01", "")
	noErr(t, domain.NormaliseHabilitation(&e, c), "empty")
	if e.Blocs == nil || e.Access == nil {
		t.Error("empty lists must be non-nil")
	}
	bad := lcHab("2025-01-01", "")
	bad.Blocs = []string{"nope"}
	if domain.NormaliseHabilitation(&bad, c) == nil {
		t.Error("a malformed bloc code is accepted")
	}

	p := plPartner(domain.StatusActive, "2025-01-01", 2, plHab(1, "2025-01-01", "2025-12-31"))
	n := lcHab("2026-01-01", "")
	noErr(t, domain.CheckHabilitation(&n, p, c), "after the current one")
	o := lcHab("2025-06-01", "")
	if err := domain.CheckHabilitation(&o, p, c); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("overlap: %v", err)
	}
	late := lcHab("2025-01-01", "2028-01-01")
	p.Habilitations = nil
	if err := domain.CheckHabilitation(&late, p, c); domain.KindOf(err) != domain.KindInvalid {
		t.Errorf("beyond the registration: %v", err)
	}
}

func TestFCHabilitationState(t *testing.T) {
	h := domain.Habilitation{From: domain.MustDate("2026-01-01"), To: domain.MustDate("2026-12-31")}
	at := domain.MustDate("2026-06-01")
	for _, c := range []struct {
		status domain.PartnerStatus
		h      domain.Habilitation
		want   string
	}{
		{domain.StatusActive, h, domain.FCStateActive},
		{domain.StatusSuspended, h, domain.FCStateInactive},
		{domain.StatusProspect, h, domain.FCStateInactive},
		{domain.StatusWithdrawn, h, domain.FCStateDeleted},
		{domain.StatusActive, domain.Habilitation{From: domain.MustDate("2026-07-01")}, domain.FCStateFuture},
		{domain.StatusActive, domain.Habilitation{From: domain.MustDate("2025-01-01"), To: domain.MustDate("2026-05-31")}, domain.FCStateDeleted},
	} {
		if got := domain.FCHabilitationState(&domain.Partner{Status: c.status}, c.h, at); got != c.want {
			t.Errorf("%s %s: %s, want %s", c.status, c.h.Period(), got, c.want)
		}
	}
}

func TestHabilitationStateAt(t *testing.T) {
	h := plHab(1, "2026-01-01", "2026-12-31")
	for at, want := range map[string]string{"2025-12-31": domain.HabilitationFuture, "2026-01-01": domain.HabilitationInForce,
		"2026-12-31": domain.HabilitationInForce, "2027-01-01": domain.HabilitationEnded} {
		if got := h.StateAt(domain.MustDate(at)); got != want {
			t.Errorf("at %s: %s, want %s", at, got, want)
		}
	}
}

func TestCheckInitialStatus(t *testing.T) {
	noErr(t, domain.CheckInitialStatus("81738914100018", domain.StatusProspect), "prospect")
	noErr(t, domain.CheckInitialStatus("81738914100018", domain.StatusActive), "active")
	wantInvalid(t, domain.CheckInitialStatus("81738914100018", domain.StatusSuspended), "STATUS", "a new partner is a prospect or active, not suspended")
}

func TestCertCodeLess(t *testing.T) {
	l := []domain.CertCode{"RS6155", "RNCP36141", "RS200", "RNCP5"}
	want := []domain.CertCode{"RNCP5", "RNCP36141", "RS200", "RS6155"}
	for i := range l {
		for j := range l {
			if got := domain.CertCodeLess(want[i], want[j]); got != (i < j) {
				t.Errorf("CertCodeLess(%s, %s) = %v", want[i], want[j], got)
			}
		}
	}
}
