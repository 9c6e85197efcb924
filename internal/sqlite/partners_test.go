package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// Helpers of this file are prefixed with "pr".

const (
	prSIRET  = domain.SIRET("81738914100018")
	prSIRET2 = domain.SIRET("73282932000074")
)

func prDB(t *testing.T) *DB {
	t.Helper()
	db := fdnOpen(t, filepath.Join(t.TempDir(), "habil.db"), Options{})
	err := db.WithTx(context.Background(), func(tx *Tx) error {
		for _, c := range []*domain.Certification{
			{Code: "RNCP36141", Title: "Chargé de projets", Level: 6, EndDate: domain.MustDate("2028-12-31"),
				Blocs:  []domain.Bloc{{Code: "RNCP36141BC01", Label: "A"}, {Code: "RNCP36141BC02", Label: "B"}, {Code: "RNCP36141BC03", Label: "C"}},
				Access: []domain.Access{domain.AccessFI, domain.AccessCA, domain.AccessVAE}},
			{Code: "RS6155", Title: "Tuteur", EndDate: domain.MustDate("2027-06-30")},
		} {
			if _, err := tx.SaveCertification(c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func prTx(t *testing.T, db *DB, fn func(tx *Tx) error) error {
	t.Helper()
	return db.WithTx(context.Background(), fn)
}

func prMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func prJournal(t *testing.T, db *DB, entity, id string) []JournalEntry {
	t.Helper()
	l, err := db.Journal(context.Background(), JournalFilter{Entity: entity, ID: id})
	prMust(t, err)
	return l
}

func prPartner(siret domain.SIRET, name string) *domain.Partner {
	return &domain.Partner{SIRET: siret, Name: name, NDA: "84691234569", Email: "contact@formapro.fr",
		Qualiopi: domain.Qualiopi{ValidUntil: domain.MustDate("2027-03-31"), Categories: []string{"formation"}}}
}

func TestPartnerCreateReadAndJournal(t *testing.T) {
	db := prDB(t)
	ctx := context.Background()
	prMust(t, prTx(t, db, func(tx *Tx) error {
		return tx.CreatePartner(prPartner(prSIRET, "Formapro Lyon"), domain.MustDate("2025-01-06"), "")
	}))
	p, err := db.Partner(ctx, prSIRET)
	prMust(t, err)
	if p.Name != "Formapro Lyon" || p.Status != domain.StatusProspect || p.Role != domain.RolePartner || p.StatusSince != domain.MustDate("2025-01-06") {
		t.Errorf("read back %+v", p)
	}
	if len(p.History) != 1 || p.History[0].Reason != "recorded" || p.History[0].From != "" {
		t.Errorf("history %+v", p.History)
	}
	if p.Qualiopi.ValidUntil != domain.MustDate("2027-03-31") || strings.Join(p.Qualiopi.Categories, ",") != "formation" {
		t.Errorf("qualiopi %+v", p.Qualiopi)
	}
	j := prJournal(t, db, "partner", string(prSIRET))
	if len(j) != 1 || j[0].Action != "create" || !strings.Contains(string(j[0].After), `"name":"Formapro Lyon"`) {
		t.Fatalf("journal %+v", j)
	}
	// A second add is refused with the edit hint, and nothing is journaled.
	err = prTx(t, db, func(tx *Tx) error { return tx.CreatePartner(prPartner(prSIRET, "Autre"), domain.Date{}, "") })
	de := fdnWantCode(t, err, domain.KindConflict, "PARTNER_EXISTS")
	if !strings.Contains(de.Msg, "Formapro Lyon") || !strings.Contains(de.Hint, "partner edit "+string(prSIRET)) {
		t.Errorf("message %q hint %q", de.Msg, de.Hint)
	}
	if n := len(prJournal(t, db, "partner", "")); n != 1 {
		t.Errorf("%d journal entries after a refused add", n)
	}
	// Unknown SIRET: NotFound with a hint, for db and tx.
	_, err = db.Partner(ctx, prSIRET2)
	de = fdnWantCode(t, err, domain.KindNotFound, "NOT_FOUND")
	if !strings.Contains(de.Msg, "732 829 320 00074") || !strings.Contains(de.Hint, "partner add --siret 73282932000074") {
		t.Errorf("not found: %q / %q", de.Msg, de.Hint)
	}
	prMust(t, prTx(t, db, func(tx *Tx) error {
		_, err := tx.Partner(prSIRET2)
		if domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("tx.Partner unknown: %v", err)
		}
		return nil
	}))
}

func TestRollbackLeavesNoJournal(t *testing.T) {
	db := prDB(t)
	err := prTx(t, db, func(tx *Tx) error {
		if err := tx.CreatePartner(prPartner(prSIRET, "Formapro"), domain.Date{}, ""); err != nil {
			return err
		}
		h := &domain.Habilitation{PartnerSIRET: prSIRET, Certification: "RNCP99", Scope: domain.ScopeTrain, From: domain.MustDate("2025-01-01")}
		return tx.AddHabilitation(h) // unknown certification: the whole transaction rolls back
	})
	fdnWantCode(t, err, domain.KindNotFound, "NOT_FOUND")
	if _, err := db.Partner(context.Background(), prSIRET); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("partner kept after rollback: %v", err)
	}
	if n := len(prJournal(t, db, "partner", "")); n != 0 {
		t.Errorf("%d journal entries after rollback", n)
	}
}

func TestSetStatusRules(t *testing.T) {
	db := prDB(t)
	prMust(t, prTx(t, db, func(tx *Tx) error {
		return tx.CreatePartner(prPartner(prSIRET, "Formapro"), domain.MustDate("2025-06-01"), "")
	}))
	set := func(to domain.PartnerStatus, date, reason string) (PartnerChange, error) {
		var ch PartnerChange
		err := prTx(t, db, func(tx *Tx) (err error) { ch, err = tx.SetStatus(prSIRET, to, domain.MustDate(date), reason); return })
		return ch, err
	}
	_, err := set(domain.StatusActive, "2025-07-01", " ")
	fdnWantCode(t, err, domain.KindInvalid, "REASON_MISSING")
	// The first change may predate the recording: the recording moves back.
	_, err = set(domain.StatusActive, "2025-01-06", "convention signée")
	prMust(t, err)
	p, _ := db.Partner(context.Background(), prSIRET)
	if p.History[0].Date != domain.MustDate("2025-01-06") || p.StatusSince != domain.MustDate("2025-01-06") {
		t.Errorf("backdated history %+v", p.History)
	}
	// Later changes may not go back in time.
	_, err = set(domain.StatusSuspended, "2025-01-05", "audit")
	fdnWantCode(t, err, domain.KindConflict, "STATUS_DATE")
	_, err = set(domain.StatusProspect, "2025-08-01", "oops")
	fdnWantCode(t, err, domain.KindConflict, "STATUS_TRANSITION")
	_, err = set(domain.StatusSuspended, "2025-08-01", "audit")
	prMust(t, err)
	j := prJournal(t, db, "partner", string(prSIRET))
	lastJ := j[len(j)-1]
	if lastJ.Action != "status" || string(lastJ.Before) != `{"status":"active"}` || !strings.Contains(string(lastJ.After), `"reason":"audit"`) {
		t.Errorf("status journal %s → %s", lastJ.Before, lastJ.After)
	}
	_, err = set(domain.StatusActive, "2025-09-01", "levée")
	prMust(t, err)
	_, err = set(domain.StatusWithdrawn, "2025-10-01", "fin")
	prMust(t, err)
	_, err = set(domain.StatusActive, "2025-11-01", "retour")
	fdnWantCode(t, err, domain.KindConflict, "STATUS_FINAL")
	p, _ = db.Partner(context.Background(), prSIRET)
	var steps []string
	for _, c := range p.History {
		steps = append(steps, string(c.To))
	}
	if strings.Join(steps, ">") != "prospect>active>suspended>active>withdrawn" {
		t.Errorf("history %v", steps)
	}
}

func prHab(cert domain.CertCode, scope domain.Scope, from, to string) *domain.Habilitation {
	h := &domain.Habilitation{PartnerSIRET: prSIRET, Certification: cert, Scope: scope, From: domain.MustDate(from)}
	if to != "" {
		h.To = domain.MustDate(to)
	}
	return h
}

func TestHabilitationRules(t *testing.T) {
	db := prDB(t)
	ctx := context.Background()
	prMust(t, prTx(t, db, func(tx *Tx) error {
		return tx.CreatePartner(prPartner(prSIRET, "Formapro"), domain.MustDate("2025-01-01"), "")
	}))
	add := func(h *domain.Habilitation) error {
		return prTx(t, db, func(tx *Tx) error { return tx.AddHabilitation(h) })
	}
	h1 := prHab("RNCP36141", domain.ScopeBoth, "2025-01-01", "2025-12-31")
	h1.Blocs = []string{"BC02", "RNCP36141BC01", "bc02"}
	h1.Access = []domain.Access{domain.AccessVAE, domain.AccessFI}
	prMust(t, add(h1))
	if h1.ID == 0 || strings.Join(h1.Blocs, ",") != "RNCP36141BC01,RNCP36141BC02" || domain.AccessCodes(h1.Access) != "FI,VAE" {
		t.Errorf("normalised %+v", h1)
	}
	err := add(prHab("RNCP36141", domain.ScopeTrain, "2025-06-01", ""))
	de := fdnWantCode(t, err, domain.KindConflict, "HABILITATION_OVERLAP")
	if !strings.Contains(de.Msg, "#1") || !strings.Contains(de.Msg, "2025-01-01 → 2025-12-31") {
		t.Errorf("overlap message %q", de.Msg)
	}
	prMust(t, add(prHab("RNCP36141", domain.ScopeTrain, "2026-01-01", "")))
	prMust(t, add(prHab("RS6155", domain.ScopeAssess, "2025-06-01", "2027-06-30")))
	bad := prHab("RS6155", domain.ScopeAssess, "2028-01-01", "")
	fdnWantCode(t, add(bad), domain.KindInvalid, "BEYOND_REGISTRATION")
	bad = prHab("RNCP36141", domain.ScopeTrain, "2020-01-01", "2020-12-31")
	bad.Blocs = []string{"BC09"}
	fdnWantCode(t, add(bad), domain.KindInvalid, "BLOC_UNKNOWN")
	bad.Blocs, bad.Access = nil, []domain.Access{domain.AccessCL}
	fdnWantCode(t, add(bad), domain.KindInvalid, "ACCESS_CLOSED")
	err = add(prHab("RNCP99", domain.ScopeTrain, "2025-01-01", ""))
	de = fdnWantCode(t, err, domain.KindNotFound, "NOT_FOUND")
	if !strings.Contains(de.Hint, "RNCP36141, RS6155") {
		t.Errorf("unknown certification hint %q", de.Hint)
	}

	p, err := db.Partner(ctx, prSIRET)
	prMust(t, err)
	var order []string
	for _, h := range p.Habilitations {
		order = append(order, string(h.Certification)+"@"+h.From.String())
	}
	if strings.Join(order, " ") != "RNCP36141@2025-01-01 RNCP36141@2026-01-01 RS6155@2025-06-01" {
		t.Errorf("order %v", order)
	}
	if n := len(prJournal(t, db, "habilitation", "")); n != 3 {
		t.Errorf("%d habilitation journal entries, want 3", n)
	}

	// End: not before start, not after an existing end; journaled.
	var ended *domain.Habilitation
	err = prTx(t, db, func(tx *Tx) (err error) {
		ended, err = tx.EndHabilitation(1, domain.MustDate("2024-12-31"), "x")
		return
	})
	fdnWantCode(t, err, domain.KindConflict, "END_BEFORE_START")
	err = prTx(t, db, func(tx *Tx) (err error) {
		ended, err = tx.EndHabilitation(1, domain.MustDate("2026-01-31"), "x")
		return
	})
	fdnWantCode(t, err, domain.KindConflict, "END_AFTER_END")
	err = prTx(t, db, func(tx *Tx) (err error) {
		ended, err = tx.EndHabilitation(1, domain.MustDate("2025-09-30"), "")
		return
	})
	fdnWantCode(t, err, domain.KindInvalid, "REASON_MISSING")
	prMust(t, prTx(t, db, func(tx *Tx) (err error) {
		ended, err = tx.EndHabilitation(1, domain.MustDate("2025-09-30"), "non renouvelée")
		return
	}))
	if ended.To != domain.MustDate("2025-09-30") || ended.EndReason != "non renouvelée" {
		t.Errorf("ended %+v", ended)
	}
	j := prJournal(t, db, "habilitation", "1")
	if last := j[len(j)-1]; last.Action != "end" || !strings.Contains(string(last.Before), `"to":"2025-12-31"`) || !strings.Contains(string(last.After), `"to":"2025-09-30"`) {
		t.Errorf("end journal %+v", last)
	}
	err = prTx(t, db, func(tx *Tx) (err error) { _, err = tx.EndHabilitation(99, domain.MustDate("2025-09-30"), "x"); return })
	fdnWantCode(t, err, domain.KindNotFound, "NOT_FOUND")

	// Withdrawal ends running habilitations the day before and removes future ones.
	var ch PartnerChange
	prMust(t, prTx(t, db, func(tx *Tx) (err error) {
		ch, err = tx.SetStatus(prSIRET, domain.StatusWithdrawn, domain.MustDate("2026-01-01"), "fin de partenariat")
		return
	}))
	if len(ch.Ended) != 2 {
		t.Fatalf("ended %+v", ch.Ended)
	}
	p, _ = db.Partner(ctx, prSIRET)
	if len(p.Habilitations) != 2 { // #2 started on the withdrawal day: removed
		t.Fatalf("habilitations after withdrawal %+v", p.Habilitations)
	}
	for _, h := range p.Habilitations {
		if h.InForce(domain.MustDate("2026-01-01")) {
			t.Errorf("habilitation #%d still in force after withdrawal: %s", h.ID, h.Period())
		}
	}
	rs := p.Habilitations[1]
	if rs.To != domain.MustDate("2025-12-31") || !strings.HasPrefix(rs.EndReason, "partner withdrawn") {
		t.Errorf("RS habilitation %+v", rs)
	}
	fdnWantCode(t, add(prHab("RS6155", domain.ScopeAssess, "2026-02-01", "")), domain.KindConflict, "PARTNER_WITHDRAWN")
}

func TestPartnersFilterAndSort(t *testing.T) {
	db := prDB(t)
	ctx := context.Background()
	mk := func(siret domain.SIRET, name string, status domain.PartnerStatus, qualiopi string) {
		p := &domain.Partner{SIRET: siret, Name: name, Status: status}
		if qualiopi != "" {
			p.Qualiopi.ValidUntil = domain.MustDate(qualiopi)
		}
		prMust(t, prTx(t, db, func(tx *Tx) error { return tx.CreatePartner(p, domain.MustDate("2025-01-01"), "") }))
	}
	mk(prSIRET, "Zénith Formation", domain.StatusActive, "2026-03-01")
	mk(prSIRET2, "école des Arts", domain.StatusProspect, "")
	mk("35600000000048", "Académie La Poste", domain.StatusActive, "2025-12-01")
	prMust(t, prTx(t, db, func(tx *Tx) error {
		return tx.AddHabilitation(prHab("RS6155", domain.ScopeTrain, "2025-01-01", "2025-06-30"))
	}))
	names := func(f PartnerFilter) string {
		l, err := db.Partners(ctx, f)
		prMust(t, err)
		var out []string
		for _, p := range l {
			out = append(out, p.Name)
		}
		return strings.Join(out, "|")
	}
	for _, c := range []struct {
		f    PartnerFilter
		want string
	}{
		{PartnerFilter{}, "Académie La Poste|école des Arts|Zénith Formation"},
		{PartnerFilter{Sort: "siret"}, "Académie La Poste|école des Arts|Zénith Formation"},
		{PartnerFilter{Sort: "status"}, "Académie La Poste|Zénith Formation|école des Arts"},
		{PartnerFilter{Sort: "qualiopi"}, "Académie La Poste|Zénith Formation|école des Arts"},
		{PartnerFilter{Status: []domain.PartnerStatus{domain.StatusProspect}}, "école des Arts"},
		{PartnerFilter{Certification: "RS6155"}, "Zénith Formation"},
		{PartnerFilter{Certification: "RS6155", HabilitatedAt: domain.MustDate("2025-07-01")}, ""},
		{PartnerFilter{HabilitatedAt: domain.MustDate("2025-06-30")}, "Zénith Formation"},
		{PartnerFilter{QualiopiBefore: domain.MustDate("2026-01-01")}, "Académie La Poste"},
		{PartnerFilter{QualiopiMissing: true}, "école des Arts"},
		{PartnerFilter{Search: "ECOLE"}, "école des Arts"},
		{PartnerFilter{Search: "356 000"}, "Académie La Poste"},
	} {
		if got := names(c.f); got != c.want {
			t.Errorf("%+v: got %q, want %q", c.f, got, c.want)
		}
	}
}
