package pdf_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/pdf"
	"github.com/habil-app/habil/internal/report"
)

var docTime = time.Date(2026, 7, 1, 10, 0, 0, 0, time.UTC)

func sessionCert() *domain.Certification {
	return &domain.Certification{Code: "RNCP38123", Title: "Gestionnaire de paie", Level: 5,
		Blocs: []domain.Bloc{{Code: "RNCP38123BC01", Label: "Assurer la tenue du dossier social"}, {Code: "RNCP38123BC02", Label: "Produire les bulletins de paie"}}}
}

func sessionWith(n int) *domain.Session {
	s := &domain.Session{ID: 7, Certification: "RNCP38123", Partner: "85262016007290", PartnerName: "Formapro Lyon",
		Date: date("2026-06-10"), EndDate: date("2026-06-11"), Place: "Lyon", PostalCode: "69001", Mode: domain.ModeOnsite,
		Jury: []string{"Anne Léger, présidente", "Paul Roux, professionnel du métier"}, JuryDate: date("2026-06-20")}
	people := []domain.Candidate{
		{ID: 1, BirthName: "Łukasiewicz", FirstNames: []string{"Małgorzata"}, BirthDate: date("1990-03-04")},
		{ID: 2, BirthName: "Nguyễn", FirstNames: []string{"Thị", "Ặnh"}, BirthDate: date("1995-12-31")},
		{ID: 3, BirthName: "Durand", FirstNames: []string{"Élodie"}, BirthDate: date("1988-01-15")},
	}
	results := []domain.Result{domain.ResultAdmitted, domain.ResultFailed, domain.ResultAbsent}
	for i := range n {
		p := people[i%3]
		if i >= 3 {
			p.BirthName = fmt.Sprintf("%s%d", p.BirthName, i)
		}
		e := &domain.Enrollment{ID: int64(i + 1), Candidate: p, Access: domain.AccessFC, Result: results[i%3]}
		switch e.Result {
		case domain.ResultAdmitted:
			e.BlocsValidated, e.Mention = []string{"RNCP38123BC01", "RNCP38123BC02"}, domain.MentionBien
		case domain.ResultFailed:
			e.BlocsValidated = []string{"RNCP38123BC02"}
			e.Accommodation = "tiers-temps"
		}
		s.Enrollments = append(s.Enrollments, e)
	}
	return s
}

func renderPDF(t *testing.T, d *report.Document) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := pdf.Render(&b, d, pdf.Options{Time: docTime}); err != nil {
		t.Fatalf("render: %v", err)
	}
	return b.Bytes()
}

func poppler(t *testing.T, b []byte, tool string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		if os.Getenv("HABIL_TEST_STRICT") == "1" {
			t.Fatalf("%s is not installed and HABIL_TEST_STRICT=1: apt-get install -y poppler-utils", tool)
		}
		t.Skipf("SKIP: %s is not installed (apt-get install -y poppler-utils): PDF text not checked", tool)
	}
	path := filepath.Join(t.TempDir(), "d.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("HABIL_KEEP_PDF"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, t.Name()+".pdf"), b, 0o600)
	}
	out, err := exec.Command(tool, append(args, path, "-")...).Output()
	if tool == "pdfimages" {
		out, err = exec.Command(tool, append(args, path)...).Output()
	}
	if tool == "pdfinfo" {
		out, err = exec.Command(tool, path).Output()
	}
	if err != nil {
		t.Fatalf("%s: %v", tool, err)
	}
	return string(out)
}

func pages(t *testing.T, b []byte) string {
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(poppler(t, b, "pdfinfo"))
	if m == nil {
		t.Fatal("pdfinfo gave no page count")
	}
	return m[1]
}

func testLogo(t *testing.T) *report.Image {
	img := image.NewRGBA(image.Rect(0, 0, 60, 30))
	for x := range 60 {
		for y := range 30 {
			img.Set(x, y, color.RGBA{R: uint8(4 * x), G: 80, B: uint8(8 * y), A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return &report.Image{Name: "logo.png", Data: b.Bytes()}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestSessionMinutesPrintEveryCandidateAndTheJury(t *testing.T) {
	cert := sessionCert()
	in := report.MinutesInput{Certifier: domain.Certifier{Name: "Académie des métiers", Address: "1 rue X\n75001 Paris"}, Certification: cert,
		Session: sessionWith(3), Prior: map[int64][]string{2: {"RNCP38123BC01"}}}
	b := renderPDF(t, report.SessionMinutes(in))
	if !bytes.Equal(b, renderPDF(t, report.SessionMinutes(in))) {
		t.Error("the same minutes rendered twice differ")
	}
	txt := oneLine(poppler(t, b, "pdftotext", "-enc", "UTF-8"))
	for _, want := range []string{"Procès-verbal de jury de certification", "RNCP38123 — Gestionnaire de paie", "niveau 5", "Formapro Lyon",
		"Małgorzata ŁUKASIEWICZ", "Thị Ặnh NGUYỄN", "Élodie DURAND", "04/03/1990", "tiers-temps", "admis", "ajourné", "absent", "bien",
		"acquis antérieurement : RNCP38123BC01", "Anne Léger", "Paul Roux", "Signature", "Candidats inscrits : 3 — admis : 1 — ajournés : 1 (dont 1 avec validation partielle de blocs) — absents : 1",
		"Le jury, réuni le 20 juin 2026", "Fait à Lyon, le 20 juin 2026"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the minutes lack %q:\n%s", want, txt)
		}
	}
	if d := report.SessionMinutes(in); d.Watermark != "" {
		t.Errorf("closed minutes marked %q", d.Watermark)
	}
	if p := pages(t, b); p != "1" && p != "2" {
		t.Errorf("3 candidates on %s pages", p)
	}
	// Many candidates: several pages, the table header on each.
	in.Session = sessionWith(60)
	b = renderPDF(t, report.SessionMinutes(in))
	if p := pages(t, b); p < "3" || len(p) != 1 {
		t.Errorf("60 candidates on %s pages, want 3 or more", p)
	}
	raw := poppler(t, b, "pdftotext", "-enc", "UTF-8")
	if n := strings.Count(raw, "Né(e) le"); n < 3 {
		t.Errorf("the table header is printed %d times on several pages", n)
	}
	// Before the jury: a draft.
	in.Session, in.Draft, in.At = sessionWith(3), true, date("2026-06-15")
	in.Session.JuryDate = domain.Date{}
	draft := report.SessionMinutes(in)
	if draft.Watermark != "PROJET" {
		t.Errorf("the draft's watermark is %q", draft.Watermark)
	}
	txt = oneLine(poppler(t, renderPDF(t, draft), "pdftotext", "-enc", "UTF-8"))
	for _, want := range []string{"le jury n'a pas encore délibéré", "le 15 juin 2026"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the draft lacks %q:\n%s", want, txt)
		}
	}
}

func TestCertificateAndAttestation(t *testing.T) {
	cert := sessionCert()
	base := report.CertificateInput{Certifier: domain.Certifier{Name: "Académie des métiers", Address: "1 rue X\n75001 Paris", Signatory: "Marie Dupont, directrice"},
		Certification: cert, Candidate: domain.Candidate{BirthName: "Nguyễn", FirstNames: []string{"Thị", "Ặnh"}, BirthDate: date("1995-12-31")},
		Certificate: domain.Certificate{Number: "RNCP38123-2026-000017", Kind: domain.KindCertificate, JuryDate: date("2026-06-20"), IssuedOn: date("2026-06-25")},
		Mention:     domain.MentionTresBien}
	b := renderPDF(t, report.CertificateDoc(base))
	if !bytes.Equal(b, renderPDF(t, report.CertificateDoc(base))) {
		t.Error("the same certificate rendered twice differs")
	}
	if info := poppler(t, b, "pdfinfo"); !regexp.MustCompile(`Page size:\s+841.89 x 595.28 pts`).MatchString(info) || !strings.Contains(info, "Pages:           1") {
		t.Errorf("not one A4 landscape page:\n%s", info)
	}
	txt := oneLine(poppler(t, b, "pdftotext", "-enc", "UTF-8"))
	for _, want := range []string{"Académie des métiers", "CERTIFICAT", "Gestionnaire de paie", "RNCP38123 — niveau 5", "Thị Ặnh NGUYỄN", "né(e) le 31 décembre 1995",
		"par décision du jury du 20 juin 2026", "Mention très bien", "Fait à Paris, le 25 juin 2026", "Délivré le 25/06/2026", "N° RNCP38123-2026-000017", "Marie Dupont, directrice"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the certificate lacks %q:\n%s", want, txt)
		}
	}
	if strings.Contains(txt, "DUPLICATA") {
		t.Error("an original marked DUPLICATA")
	}
	// A scoring certification: no jury.
	score := *cert
	score.Params.Award = domain.AwardScore
	in := base
	in.Certification = &score
	if txt := oneLine(poppler(t, renderPDF(t, report.CertificateDoc(in)), "pdftotext", "-enc", "UTF-8")); !strings.Contains(txt, "au vu des résultats validés le 20 juin 2026") || strings.Contains(txt, "décision du jury") {
		t.Errorf("scoring certificate:\n%s", txt)
	}
	// A duplicate.
	in = base
	in.Duplicate, in.DuplicateOn = true, date("2026-09-01")
	if txt := oneLine(poppler(t, renderPDF(t, report.CertificateDoc(in)), "pdftotext", "-enc", "UTF-8")); !strings.Contains(txt, "DUPLICATA établi le 01/09/2026") || !strings.Contains(txt, "RNCP38123-2026-000017") {
		t.Errorf("duplicate:\n%s", txt)
	}
	// The certifier's logo, at its fixed place.
	in = base
	in.Logo = testLogo(t)
	if imgs := poppler(t, renderPDF(t, report.CertificateDoc(in)), "pdfimages", "-list"); !regexp.MustCompile(`image\s+60\s+30\s+rgb`).MatchString(imgs) {
		t.Errorf("the logo is not embedded:\n%s", imgs)
	}
	// A bloc attestation with the blocs' labels.
	in = base
	in.Candidate = domain.Candidate{BirthName: "Łukasiewicz", FirstNames: []string{"Małgorzata"}, BirthDate: date("1990-03-04")}
	in.Certificate.Kind, in.Certificate.Number, in.Certificate.Blocs = domain.KindAttestation, "RNCP38123-2026-000018", []string{"RNCP38123BC02"}
	in.Mention = ""
	txt = oneLine(poppler(t, renderPDF(t, report.CertificateDoc(in)), "pdftotext", "-enc", "UTF-8"))
	for _, want := range []string{"ATTESTATION", "de validation de blocs de compétences", "Małgorzata ŁUKASIEWICZ", "RNCP38123BC02 — Produire les bulletins de paie", "Délivrée le 25/06/2026", "N° RNCP38123-2026-000018"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the attestation lacks %q:\n%s", want, txt)
		}
	}
	if strings.Contains(txt, "RNCP38123BC01") {
		t.Error("the attestation names a bloc not validated")
	}
}
