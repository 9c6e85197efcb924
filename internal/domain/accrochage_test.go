package domain

import (
	"reflect"
	"testing"
)

func accrochageRecord(t *testing.T) (EnrollmentRecord, Certification) {
	t.Helper()
	d := func(s string) Date {
		v, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	s := &Session{Certification: "RNCP38123", Date: d("2024-05-13"), EndDate: d("2024-05-14"), PostalCode: "69003",
		Mode: ModeRemote, JuryDate: d("2024-06-03"), DeliveredOn: d("2024-06-20")}
	e := &Enrollment{Access: AccessVAE, VAEType: VAEConge, RegisteredOn: d("2024-01-10"), Result: ResultAdmitted,
		Mention: MentionFelicitations, Score: "16",
		Candidate: Candidate{BirthName: "Martin", FirstNames: []string{"Léa", "Marie"}, BirthDate: d("1990-04-12"),
			Sex: SexF, BirthINSEE: "99109", BirthCountry: "Allemagne"},
		Certificates: []Certificate{{Number: "RNCP38123-2024-000001", Kind: KindCertificate, JuryDate: d("2024-06-03"), IssuedOn: d("2024-06-20")}}}
	return EnrollmentRecord{Enrollment: e, Session: s}, Certification{Code: "RNCP38123"}
}

func TestBuildCDCPassageMapsEveryField(t *testing.T) {
	rec, cert := accrochageRecord(t)
	p, probs := BuildCDCPassage(rec, cert, "T1")
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	got := []string{p.Obtention, p.ExamMode, p.Mention, p.Modalite, p.VoieVAE, p.Scoring, p.ValidFrom.String(),
		p.ExamStart.String(), p.ExamEnd.String(), p.CentrePostalCode, p.CertType(), p.CertificateNumber}
	want := []string{"PAR_ADMISSION", "A_DISTANCE", "MENTION_TRES_BIEN_AVEC_FELICITATIONS_DU_JURY", "VAE", "CONGES_VAE", "16",
		"2024-06-03", "2024-05-13", "2024-05-14", "69003", "RNCP", "RNCP38123-2024-000001"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	if !p.BornAbroad() || p.BirthYear != 1990 || p.BirthMonth != 4 || p.BirthDay != 12 {
		t.Fatalf("identity: %+v", p)
	}
	cert.Params.Award = AwardScore
	if p, _ := BuildCDCPassage(rec, cert, "T1"); p.Obtention != "PAR_SCORING" {
		t.Fatalf("award by score gives %s", p.Obtention)
	}
	for a, want := range map[Access]string{AccessFI: "FORMATION_INITIALE_HORS_APPRENTISSAGE", AccessCA: "FORMATION_INITIALE_APPRENTISSAGE",
		AccessFC: "FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION", AccessCQ: "FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION",
		AccessCL: "CANDIDAT_LIBRE"} {
		rec.Enrollment.Access = a
		if p, _ := BuildCDCPassage(rec, cert, "T1"); p.Modalite != want || p.VoieVAE != "" {
			t.Errorf("%s: %s %s", a, p.Modalite, p.VoieVAE)
		}
	}
}

func TestBuildCDCPassagePreflight(t *testing.T) {
	rec, cert := accrochageRecord(t)
	rec.Enrollment.Candidate.Sex = ""
	rec.Enrollment.Candidate.BirthINSEE = ""
	rec.Enrollment.Candidate.BirthName = "AbcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijX"
	rec.Enrollment.Certificates[0].IssuedOn = Date{}
	_, probs := BuildCDCPassage(rec, cert, "T1")
	var got []string
	for _, p := range probs {
		got = append(got, p.Code)
	}
	want := []string{AccrochageNotDelivered, AccrochageNameTooLong, AccrochageNoSex, AccrochageNoBirthCode}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q want %q", got, want)
	}
	rec, _ = accrochageRecord(t)
	rec.Enrollment.Result = ResultFailed
	if _, probs := BuildCDCPassage(rec, cert, "T1"); len(probs) != 1 || probs[0].Code != AccrochageNotAdmitted {
		t.Fatalf("failed candidate: %v", probs)
	}
}
