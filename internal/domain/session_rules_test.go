package domain_test

import (
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

func codes(ps []domain.FieldProblem) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Field+":"+p.Err.Code)
	}
	return strings.Join(s, " ")
}

func TestCandidateIdentity(t *testing.T) {
	today, session := domain.MustDate("2026-06-01"), domain.MustDate("2026-06-15")
	good := domain.Candidate{BirthName: "Nguyễn", FirstNames: []string{"Thị Ánh"}, BirthDate: domain.MustDate("1990-02-28"), Email: "anh@example.vn"}
	if p := domain.CheckCandidate(&good, today, session); len(p) != 0 {
		t.Fatalf("a valid Vietnamese name refused: %s", codes(p))
	}
	for _, tc := range []struct {
		name string
		edit func(c *domain.Candidate)
		want string
	}{
		{"no birth name", func(c *domain.Candidate) { c.BirthName = " " }, "birth_name:NAME_MISSING"},
		{"61 characters", func(c *domain.Candidate) { c.BirthName = strings.Repeat("Ł", 61) }, "birth_name:NAME_TOO_LONG"},
		{"control character", func(c *domain.Candidate) { c.FirstNames = []string{"Anne\x1b[31m"} }, "first_name:CONTROL_CHARACTER"},
		{"four first names", func(c *domain.Candidate) { c.FirstNames = []string{"A", "B", "C", "D"} }, "first_name:FIRST_NAMES"},
		{"born in the future", func(c *domain.Candidate) { c.BirthDate = domain.MustDate("2027-01-01") }, "birth_date:BIRTH_DATE_FUTURE"},
		{"born in 1850", func(c *domain.Candidate) { c.BirthDate = domain.NewDate(1850, 1, 1) }, "birth_date:BIRTH_DATE_ABSURD"},
		{"13 at the session", func(c *domain.Candidate) { c.BirthDate = domain.MustDate("2012-07-01") }, "birth_date:BIRTH_DATE_ABSURD"},
		{"bad e-mail", func(c *domain.Candidate) { c.Email = "anh.example.vn" }, "email:EMAIL_FORMAT"},
	} {
		c := good
		tc.edit(&c)
		if got := codes(domain.CheckCandidate(&c, today, session)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	// 31/02 does not exist: the date parser refuses it.
	if _, err := domain.ParseDate("31/02/1990"); err == nil {
		t.Error("31/02/1990 accepted")
	}
}

func TestBirthPlaceAndCodes(t *testing.T) {
	for _, tc := range []struct {
		insee, country, code, label, problem string
	}{
		{"69123", "", "69123", "", ""},
		{"2A004", "France", "2A004", "", ""},
		{"", "99122", "99122", "", ""},
		{"99243", "Viêt Nam", "99243", "Viêt Nam", ""},
		{"", "Pologne", "", "Pologne", ""}, // a name alone: kept, the code is asked for later
		{"6912", "", "", "", "birth_insee:BIRTH_INSEE"},
		{"20004", "", "", "", "birth_insee:BIRTH_INSEE"},
		{"69123", "Pologne", "", "", "birth_insee:BIRTH_INSEE"},
		{"99122", "99243", "", "", "birth_country:BIRTH_COUNTRY"},
	} {
		code, label, p := domain.BirthPlace(tc.insee, tc.country)
		if codes(p) != tc.problem || (tc.problem == "" && (code != tc.code || label != tc.label)) {
			t.Errorf("BirthPlace(%q, %q) = %q %q %s", tc.insee, tc.country, code, label, codes(p))
		}
	}
	for in, want := range map[string]domain.Sex{"M": domain.SexM, "h": domain.SexM, "Homme": domain.SexM, "femme": domain.SexF, "F": domain.SexF, "": ""} {
		if got, err := domain.ParseSex(in); err != nil || got != want {
			t.Errorf("ParseSex(%q) = %q %v", in, got, err)
		}
	}
	if _, err := domain.ParseSex("X"); err == nil {
		t.Error("sex X accepted")
	}
	if v, err := domain.ParseVAEType("Congé VAE"); err != nil || v != domain.VAEConge {
		t.Errorf("conge vae: %q %v", v, err)
	}
	if v, err := domain.ParseCPFFile("1234 5678 901"); err != nil || v != "12345678901" {
		t.Errorf("cpf: %q %v", v, err)
	}
	if _, err := domain.ParseCPFFile("12345678901234"); err == nil {
		t.Error("14-digit CPF file accepted")
	}
	if _, err := domain.ParseCPFFile("AB12"); err == nil {
		t.Error("letters in a CPF file accepted")
	}
}

const (
	certifierSIRET = domain.SIRET("55204944776279")
	orgSIRET       = domain.SIRET("81738914100018")
	trainSIRET     = domain.SIRET("73282932000074")
)

func sessionCert() *domain.Certification {
	return &domain.Certification{Code: "RNCP36141", EndDate: domain.MustDate("2026-12-31"), DeliveryLimit: domain.MustDate("2027-12-31"),
		Blocs:  []domain.Bloc{{Code: "RNCP36141BC01"}, {Code: "RNCP36141BC02"}, {Code: "RNCP36141BC03"}},
		Access: []domain.Access{domain.AccessFI, domain.AccessFC, domain.AccessCL, domain.AccessVAE}}
}

func sessionPartner(siret domain.SIRET, name string, scope domain.Scope, blocs []string, access []domain.Access) *domain.Partner {
	return &domain.Partner{SIRET: siret, Name: name, Habilitations: []domain.Habilitation{{PartnerSIRET: siret, Certification: "RNCP36141",
		Scope: scope, Blocs: blocs, Access: access, From: domain.MustDate("2025-01-01"), To: domain.MustDate("2026-12-31")}}}
}

func TestSessionOrganiser(t *testing.T) {
	c := sessionCert()
	d := domain.MustDate("2026-03-10")
	if o, err := domain.CheckOrganiser(c, certifierSIRET, certifierSIRET, nil, d); err != nil || !o.Certifier {
		t.Errorf("the certifier cannot organise: %v", err)
	}
	assess := sessionPartner(orgSIRET, "Formapro", domain.ScopeAssess, nil, nil)
	if o, err := domain.CheckOrganiser(c, certifierSIRET, orgSIRET, assess, d); err != nil || o.Habilitation == nil {
		t.Errorf("an assess partner cannot organise: %v", err)
	}
	_, err := domain.CheckOrganiser(c, certifierSIRET, orgSIRET, assess, domain.MustDate("2027-02-01"))
	wantErr(t, err, domain.KindConflict, "SESSION_PARTNER_NOT_HABILITATED", "2025-01-01 → 2026-12-31")
	train := sessionPartner(trainSIRET, "Écoles Réunies", domain.ScopeTrain, nil, nil)
	_, err = domain.CheckOrganiser(c, certifierSIRET, trainSIRET, train, d)
	wantErr(t, err, domain.KindConflict, "SESSION_ORGANISER_TRAIN_ONLY", "train only", certifierSIRET.String())
	_, err = domain.CheckOrganiser(c, certifierSIRET, trainSIRET, nil, d)
	wantErr(t, err, domain.KindNotFound, "NOT_FOUND")
	wantErr(t, domain.CheckSessionDate(c, domain.MustDate("2028-01-05")), domain.KindConflict, "SESSION_BEYOND_REGISTRATION", "2027-12-31")
	if err := domain.CheckSessionDate(c, domain.MustDate("2027-06-01")); err != nil {
		t.Errorf("a session before the delivery deadline refused: %v", err)
	}
}

func TestEnrollmentRules(t *testing.T) {
	c := sessionCert()
	s := &domain.Session{Certification: c.Code, Partner: orgSIRET, Date: domain.MustDate("2026-03-10")}
	org := sessionPartner(orgSIRET, "Formapro", domain.ScopeAssess, []string{"RNCP36141BC01", "RNCP36141BC02"}, []domain.Access{domain.AccessFI, domain.AccessVAE})
	o, err := domain.CheckOrganiser(c, certifierSIRET, orgSIRET, org, s.Date)
	if err != nil {
		t.Fatal(err)
	}
	cand := domain.Candidate{BirthName: "Wróblewski", FirstNames: []string{"Łukasz"}, BirthDate: domain.MustDate("1990-01-01")}
	check := func(x domain.EnrollmentCheck, e domain.Enrollment) (string, []string) {
		e.Candidate = cand
		p, w := domain.CheckEnrollment(x, &e)
		return codes(p), w
	}
	x := domain.EnrollmentCheck{Cert: c, Session: s, Organiser: o}
	for _, tc := range []struct {
		name string
		e    domain.Enrollment
		want string
	}{
		{"fine", domain.Enrollment{Access: domain.AccessFI, Blocs: []string{"RNCP36141BC01"}}, ""},
		{"route closed", domain.Enrollment{Access: domain.AccessCA, Blocs: []string{"RNCP36141BC01"}}, "access:ACCESS_CLOSED"},
		{"route not habilitated", domain.Enrollment{Access: domain.AccessFC, Blocs: []string{"RNCP36141BC01"}}, "access:ACCESS_NOT_HABILITATED"},
		{"bloc not habilitated", domain.Enrollment{Access: domain.AccessFI, Blocs: []string{"RNCP36141BC03"}}, "blocs:BLOC_NOT_HABILITATED"},
		{"bloc unknown", domain.Enrollment{Access: domain.AccessFI, Blocs: []string{"RNCP36141BC09"}}, "blocs:BLOC_UNKNOWN"},
		{"whole certification", domain.Enrollment{Access: domain.AccessFI}, "blocs:BLOC_NOT_HABILITATED"},
		{"VAE without type", domain.Enrollment{Access: domain.AccessVAE, Blocs: []string{"RNCP36141BC01"}}, "vae_type:VAE_TYPE_MISSING"},
		{"VAE type on FI", domain.Enrollment{Access: domain.AccessFI, VAEType: domain.VAEClassique, Blocs: []string{"RNCP36141BC01"}}, "vae_type:VAE_TYPE_NOT_VAE"},
		{"three at once", domain.Enrollment{Access: domain.AccessCA, VAEType: domain.VAEConge, Blocs: []string{"RNCP36141BC03"}},
			"access:ACCESS_CLOSED blocs:BLOC_NOT_HABILITATED vae_type:VAE_TYPE_NOT_VAE"},
	} {
		if got, _ := check(x, tc.e); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	// After the registration end, up to the delivery deadline: only for
	// candidates registered before the end.
	late := &domain.Session{Certification: c.Code, Partner: certifierSIRET, Date: domain.MustDate("2027-03-01")}
	own := domain.EnrollmentCheck{Cert: c, Session: late, Organiser: domain.Organiser{Certifier: true}}
	if got, _ := check(own, domain.Enrollment{Access: domain.AccessCL, RegisteredOn: domain.MustDate("2026-11-02")}); got != "" {
		t.Errorf("registered before the end: %s", got)
	}
	if got, _ := check(own, domain.Enrollment{Access: domain.AccessCL, RegisteredOn: domain.MustDate("2027-01-02")}); got != "registered_on:REGISTERED_AFTER_END" {
		t.Errorf("registered after the end: %s", got)
	}
	// The certifier organises: a trained candidate names its training
	// partner, whose habilitation bounds the route and blocs.
	own.Session = &domain.Session{Certification: c.Code, Partner: certifierSIRET, Date: domain.MustDate("2026-05-01")}
	if got, _ := check(own, domain.Enrollment{Access: domain.AccessFI}); got != "trained_by:TRAINER_MISSING" {
		t.Errorf("certifier's session without trainer: %s", got)
	}
	trainer := sessionPartner(trainSIRET, "Écoles Réunies", domain.ScopeTrain, nil, []domain.Access{domain.AccessFC})
	own.Trainer = trainer
	if got, w := check(own, domain.Enrollment{Access: domain.AccessFC, TrainedBy: trainSIRET}); got != "" || len(w) != 0 {
		t.Errorf("trained by a train-only partner: %s %v", got, w)
	}
	if got, _ := check(own, domain.Enrollment{Access: domain.AccessFI, TrainedBy: trainSIRET}); got != "access:ACCESS_NOT_HABILITATED" {
		t.Errorf("route outside the trainer's habilitation: %s", got)
	}
	// R6113-16-4 2°: a both-habilitated partner's trainees in another's session.
	both := sessionPartner(trainSIRET, "Écoles Réunies", domain.ScopeBoth, nil, nil)
	x.Trainer = both
	got, w := check(x, domain.Enrollment{Access: domain.AccessFI, Blocs: []string{"RNCP36141BC01"}, TrainedBy: trainSIRET})
	if got != "" || len(w) != 1 || !strings.Contains(w[0], "R6113-16-4 2°") {
		t.Errorf("R6113-16-4 2° warning: %q %v", got, w)
	}
	x.Trainer = nil
	if got, _ := check(x, domain.Enrollment{Access: domain.AccessFI, Blocs: []string{"RNCP36141BC01"}, TrainedBy: trainSIRET}); got != "trained_by:TRAINER_UNKNOWN" {
		t.Errorf("unknown trainer: %s", got)
	}
}

func TestJuryAndEnrollOpen(t *testing.T) {
	c := sessionCert()
	if w := domain.CheckJury(c, []string{"Anne Roy"}); len(w) != 1 || !strings.Contains(w[0], "no role") {
		t.Errorf("member without role: %v", w)
	}
	c.Params.JuryComposition = "Jury de 3 membres dont 2 professionnels du secteur"
	if w := domain.CheckJury(c, []string{"Anne Roy, formatrice", "Paul Lé, responsable pédagogique"}); len(w) != 1 || !strings.Contains(w[0], "professionals") {
		t.Errorf("no professional: %v", w)
	}
	if w := domain.CheckJury(c, []string{"Anne Roy, professionnelle du secteur", "Paul Lé, formateur"}); len(w) != 0 {
		t.Errorf("a matching jury warned: %v", w)
	}
	s := &domain.Session{ID: 4, JuryDate: domain.MustDate("2026-03-20")}
	wantErr(t, domain.CheckEnrollOpen(s), domain.KindConflict, "SESSION_JURY_CLOSED")
	s.DeliveredOn = domain.MustDate("2026-03-25")
	wantErr(t, domain.CheckEnrollOpen(s), domain.KindConflict, "SESSION_DELIVERED")
}
