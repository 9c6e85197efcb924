package pdf_test

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/pdf"
	"github.com/habil-app/habil/internal/report"
)

var testTime = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

func date(s string) domain.Date { return domain.MustDate(s) }

// fixture is a convention with the awkward cases: accents, œ, €, Ł, ễ, a
// long name that must wrap, several fees, blocs with long labels, an avenant.
func fixture() report.ConventionInput {
	cert := &domain.Certification{
		Code: "RNCP35419", Title: "Développeur web et web mobile", Level: 5, EndDate: date("2027-12-31"),
		Blocs: []domain.Bloc{
			{Code: "RNCP35419BC01", Label: "Développer la partie front-end d'une application web ou web mobile sécurisée, en intégrant les recommandations de sécurité et d'accessibilité"},
			{Code: "RNCP35419BC02", Label: "Développer la partie back-end d'une application web ou web mobile sécurisée"},
			{Code: "RNCP35419BC03", Label: "Concevoir et développer une base de données relationnelle et non relationnelle"},
		},
		Access: []domain.Access{domain.AccessFI, domain.AccessCA, domain.AccessFC, domain.AccessCQ, domain.AccessVAE},
	}
	partner := &domain.Partner{
		SIRET: "85262016007290", Name: "Institut Supérieur de Formation Professionnelle aux Métiers du Numérique et de l'Œnologie Connectée de Łódź-Lyon",
		NDA: "84691234569", Role: domain.RolePartner, Status: domain.StatusActive,
		Address:        "27 quai Saint-Vincent, 69001 Lyon",
		Representative: "Nguyễn Thị Ễnh, directrice générale",
		Qualiopi:       domain.Qualiopi{Body: "AFNOR Certification", Number: "FR-QUA-2024-0815", Categories: []string{"actions de formation"}, ValidUntil: date("2027-06-30")},
	}
	conv := &domain.Convention{
		ID: 7, Number: "CONV-2025-0007", PartnerSIRET: partner.SIRET, Certification: cert.Code, Status: domain.ConventionSigned,
		CreatedOn: date("2025-01-10"), SignedOn: date("2025-01-20"), RenewsNumber: "CONV-2023-0002",
		Versions: []domain.ConventionTerms{
			{Version: 1, Date: date("2025-01-10"), Scope: domain.ScopeBoth, Blocs: []string{"RNCP35419BC01", "RNCP35419BC02"},
				Access: []domain.Access{domain.AccessFC, domain.AccessCQ, domain.AccessVAE}, From: date("2025-02-01"), To: date("2026-12-31"),
				Fees: domain.Fees{PerCandidate: 15000, FlatYearly: 123450}},
			{Version: 2, Date: date("2025-06-15"), Reason: "révision des redevances (frais d'examen)", Scope: domain.ScopeBoth,
				Blocs: []string{"RNCP35419BC01", "RNCP35419BC02"}, Access: []domain.Access{domain.AccessFC, domain.AccessCQ, domain.AccessVAE},
				From: date("2025-02-01"), To: date("2026-12-31"), Fees: domain.Fees{PerCandidate: 15000, PerExam: 7550, FlatYearly: 123450}},
		},
	}
	return report.ConventionInput{
		Certifier: domain.Certifier{Name: "Académie des Métiers du Numérique", SIRET: "73282932000074", NDA: "11755555555",
			Address: "12 rue de la Paix, 75002 Paris", Signatory: "Marie Dupont, directrice générale"},
		Partner: partner, Certification: cert, Convention: conv, EditedOn: date("2026-03-02"),
	}
}

func build(t testing.TB, in report.ConventionInput) *report.Document {
	t.Helper()
	tmpl, err := report.ParseConventionTemplate("convention.tmpl", report.DefaultConventionTemplate())
	if err != nil {
		t.Fatalf("default template: %v", err)
	}
	doc, _, err := tmpl.Build(in)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return doc
}

func render(t testing.TB, doc *report.Document, o pdf.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.Render(&buf, doc, o); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return buf.Bytes()
}

// needTool skips visibly when a poppler tool is missing, unless HABIL_TEST_STRICT=1.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("HABIL_TEST_STRICT") == "1" {
			t.Fatalf("%s is not installed and HABIL_TEST_STRICT=1: apt-get install -y poppler-utils", name)
		}
		t.Skipf("SKIP: %s is not installed (apt-get install -y poppler-utils): PDF text not checked", name)
	}
}

func pdftotext(t *testing.T, b []byte) string {
	t.Helper()
	needTool(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "c.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func pageCount(t *testing.T, b []byte) int {
	t.Helper()
	needTool(t, "pdfinfo")
	path := filepath.Join(t.TempDir(), "c.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("pdfinfo gave no page count:\n%s", out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// flat joins the text on one line with single spaces: wrapped phrases and
// justified lines compare as they read.
func flat(s string) string {
	s = strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

func TestConventionPDFText(t *testing.T) {
	b := render(t, build(t, fixture()), pdf.Options{Time: testTime})
	text := pdftotext(t, b)
	all := flat(text)
	for _, want := range []string{
		"Convention d'habilitation",
		"CONV-2025-0007",
		// Parties.
		"Académie des Métiers du Numérique", "732 829 320 00074",
		"Déclaration d'activité enregistrée sous le numéro 11755555555 auprès du préfet de région",
		"Institut Supérieur de Formation Professionnelle aux Métiers du Numérique et de l'Œnologie Connectée de Łódź-Lyon",
		"852 620 160 07290", "Déclaration d'activité enregistrée sous le numéro 84691234569 auprès du préfet de région",
		"27 quai Saint-Vincent, 69001 Lyon", "Nguyễn Thị Ễnh, directrice générale",
		"certificat Qualiopi n° FR-QUA-2024-0815, délivré par AFNOR Certification",
		// Certification, exact title, level, scope.
		"RNCP35419 « Développeur web et web mobile »", "niveau 5",
		"habilitation à former et à organiser l'évaluation (code France compétences HABILITATION_ORGA_FORM)",
		"https://www.francecompetences.fr/recherche/rncp/35419/",
		"RNCP35419BC01", "Développer la partie front-end d'une application web ou web mobile sécurisée, en intégrant les recommandations de sécurité et d'accessibilité",
		"RNCP35419BC03", "Concevoir et développer une base de données relationnelle",
		"formation continue, contrat de professionnalisation et validation des acquis de l'expérience (VAE)",
		// Dates in French.
		"prend effet le 1er février 2025 et prend fin le 31 décembre 2026",
		"celle de l'enregistrement de la certification, qui prend fin le 31 décembre 2027",
		"convention établie le 10 janvier 2025", "avenant n° 1 du 15 juin 2025 : révision des redevances (frais d'examen)",
		"renouvelle la convention n° CONV-2023-0002",
		// Fees.
		"150,00 € par candidat", "75,50 € par session", "1 234,50 €",
		// Articles and annexes.
		"Article 1 — Objet", "Article 8 — Communication", "Mon Compte Formation", "Carif-Oref",
		"déclare la suspension, sa levée ou la résiliation à France compétences", "Article 16 — Droit applicable et litiges",
		"Annexe 1 — Cahier des charges", "Annexe 2 — Périmètre", "Annexe 3 — Barème des redevances",
		"Pour le certificateur", "Pour le partenaire", "Lu et approuvé",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the PDF text lacks %q", want)
		}
	}
	n := pageCount(t, b)
	if n < 5 {
		t.Errorf("%d pages: the convention is longer than that", n)
	}
	for i := 1; i <= n; i++ {
		if !strings.Contains(all, "Page "+strconv.Itoa(i)+"/"+strconv.Itoa(n)) {
			t.Errorf("page %d has no footer 'Page %d/%d'", i, i, n)
		}
	}
	// The header with number and date is on every page.
	if got := strings.Count(all, "Convention d'habilitation n° CONV-2025-0007 du 10 janvier 2025"); got != n {
		t.Errorf("running header found %d times on %d pages", got, n)
	}
	// Pages are separated by form feeds: check every page has the header.
	for i, page := range strings.Split(strings.TrimRight(text, "\f"), "\f") {
		if !strings.Contains(page, "CONV-2025-0007") || !strings.Contains(page, "Page "+strconv.Itoa(i+1)+"/") {
			t.Errorf("page %d lacks its header or footer", i+1)
		}
	}
}

func TestSpecialCharactersRoundTrip(t *testing.T) {
	doc := &report.Document{Title: "Essai", HeaderText: "En-tête é œ € Ł ễ", Blocks: []report.Block{
		report.Paragraph{Runs: []report.Run{{Text: "Élodie Lefèvre — cœur, Œuvre, 1 234,50 € — Łódź, Ærø, Ğ, Nguyễn Ễ ơ ư, Ωμέγα, Юлия"}}},
		report.Table{Header: []string{"Nom", "Montant"}, Rows: [][]string{{"Œillet Ł", "12,00 €"}}},
	}}
	if w := pdf.MissingGlyphs(doc); len(w) != 0 {
		t.Errorf("DejaVu Sans should cover these characters: %v", w)
	}
	text := flat(pdftotext(t, render(t, doc, pdf.Options{Time: testTime})))
	for _, want := range []string{"Élodie Lefèvre — cœur, Œuvre, 1 234,50 € — Łódź, Ærø, Ğ, Nguyễn Ễ ơ ư, Ωμέγα, Юлия", "Œillet Ł", "En-tête é œ € Ł ễ"} {
		if !strings.Contains(text, want) {
			t.Errorf("text extracted back lacks %q:\n%s", want, text)
		}
	}
}

func TestMissingGlyphsNamed(t *testing.T) {
	doc := &report.Document{Title: "Essai", Blocks: []report.Block{
		report.KeyValues{Title: "Le partenaire", Pairs: []report.KeyValue{{Key: "Raison sociale", Value: "北京 Formation SARL"}}},
		report.Paragraph{Runs: []report.Run{{Text: "La société 北京 Formation SARL s'engage à respecter les conditions de la présente convention."}}},
	}}
	w := pdf.MissingGlyphs(doc)
	if len(w) != 1 || !strings.Contains(w[0], "北 (U+5317), 京 (U+4EAC)") || !strings.Contains(w[0], `"北京 Formation SARL"`) {
		t.Errorf("warnings = %q", w)
	}
}

func TestDeterministic(t *testing.T) {
	in := fixture()
	a := render(t, build(t, in), pdf.Options{Time: testTime})
	b := render(t, build(t, in), pdf.Options{Time: testTime})
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same convention differ")
	}
	u1 := render(t, build(t, in), pdf.Options{Time: testTime, NoCompression: true})
	u2 := render(t, build(t, in), pdf.Options{Time: testTime, NoCompression: true})
	if !bytes.Equal(u1, u2) {
		t.Fatal("two uncompressed renders differ")
	}
	if !bytes.Contains(u1, []byte("/CreationDate (D:20260302000000")) {
		t.Error("the creation date does not come from the clock given")
	}
	c := render(t, build(t, in), pdf.Options{Time: testTime.Add(24 * time.Hour)})
	if bytes.Equal(a, c) {
		t.Error("another date gives the same bytes: the date is not used")
	}
}

// A table longer than a page repeats its header on each page, long cells
// wrap, and nothing is drawn below the bottom margin.
func TestLongTableRepeatsHeader(t *testing.T) {
	var rows [][]string
	for i := 1; i <= 90; i++ {
		label := "Bloc " + strconv.Itoa(i)
		if i%7 == 0 {
			label += " — " + strings.Repeat("intitulé très long qui doit revenir à la ligne dans sa cellule ", 4)
		}
		rows = append(rows, []string{"RNCP1BC" + strconv.Itoa(i), label, "oui"})
	}
	huge := strings.Repeat("une valeur démesurée qui dépasse une page entière ", 150)
	doc := &report.Document{Title: "Table", HeaderText: "En-tête", Blocks: []report.Block{
		report.Paragraph{Runs: []report.Run{{Text: "https://www.francecompetences.fr/recherche/rncp/35419/une-adresse-tres-longue-sans-espace-qui-doit-etre-coupee-pour-tenir"}}},
		report.Table{Header: []string{"Code du bloc", "Intitulé du bloc", "Couvert"}, Widths: []float64{25, 60, 15}, Rows: rows},
		report.KeyValues{Title: "Fiche", Pairs: []report.KeyValue{{Key: "Court", Value: "x"}, {Key: "Immense", Value: huge}}},
		report.Table{Header: []string{"Code", "Cellule plus haute qu'une page"}, Rows: [][]string{{"X", huge}, {"Y", "fin"}}},
	}}
	b := render(t, doc, pdf.Options{Time: testTime})
	n := pageCount(t, b)
	if n < 3 {
		t.Fatalf("%d pages, expected the table to cross pages", n)
	}
	text := pdftotext(t, b)
	pages := strings.Split(strings.TrimRight(text, "\f"), "\f")
	for i, p := range pages {
		if strings.Contains(p, "RNCP1BC") && !strings.Contains(p, "Code du bloc") {
			t.Errorf("page %d does not repeat the table header", i+1)
		}
	}
	if n := strings.Count(text, "Cellule plus haute qu'une page"); n < 2 {
		t.Errorf("the header of the table whose row is split is printed %d times", n)
	}
	all := flat(text)
	for i := 1; i <= 90; i++ {
		if !strings.Contains(all, "RNCP1BC"+strconv.Itoa(i)+" ") {
			t.Errorf("row %d is missing", i)
		}
	}
	if !strings.Contains(all, "qui doit revenir à la ligne dans sa cellule intitulé très long") {
		t.Error("a wrapped cell lost words")
	}
	if got := strings.Count(all, "démesurée"); got != 300 {
		t.Errorf("the cells taller than a page lost words: %d of 300", got)
	}
	if !strings.Contains(all, "coupee-pour-tenir") {
		t.Error("the long URL lost its end")
	}
	checkInsidePage(t, b)
}

// checkInsidePage uses pdftotext -bbox to check that no word is outside the printable area.
func checkInsidePage(t *testing.T, b []byte) {
	t.Helper()
	needTool(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "c.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-bbox", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	const mm = 72 / 25.4
	words := 0
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		words++
		x0, _ := strconv.ParseFloat(m[1], 64)
		x1, _ := strconv.ParseFloat(m[3], 64)
		y1, _ := strconv.ParseFloat(m[4], 64)
		// A4 is 595 x 842 pt; margins 22 mm left/right; the footer ends about 13 mm from the bottom.
		if x0 < 21*mm || x1 > 595-21*mm || y1 > 842-12*mm {
			t.Errorf("word %q at x %.0f–%.0f, y %.0f pt is outside the printable area", m[5], x0, x1, y1)
		}
	}
	if words == 0 {
		t.Fatal("pdftotext -bbox found no words")
	}
}

func TestConventionInsidePage(t *testing.T) {
	checkInsidePage(t, render(t, build(t, fixture()), pdf.Options{Time: testTime}))
}

// BenchmarkRender measures one complete convention (the renewal campaign
// prints 200 of them with 'convention pdf --all').
func BenchmarkRender(b *testing.B) {
	doc := build(b, fixture())
	for i := 0; i < b.N; i++ {
		if err := pdf.Render(io.Discard, doc, pdf.Options{Time: testTime}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderVaried renders a new convention each time (another
// partner name): the pages naming the partner are laid out and compressed
// anew, the others are shared with the conventions rendered before, as in
// 'convention pdf --all'.
func BenchmarkRenderVaried(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		in := fixture()
		p := *in.Partner
		p.Name = "Organisme de formation n° " + strconv.Itoa(i) + " de " + strings.Repeat("Lyon ", i%7)
		in.Partner = &p
		doc := build(b, in)
		b.StartTimer()
		if err := pdf.Render(io.Discard, doc, pdf.Options{Time: testTime}); err != nil {
			b.Fatal(err)
		}
	}
}

// 'convention pdf --all' renders on several goroutines: each document is
// its own fpdf, the shared width table is locked. Same bytes as alone.
func TestConcurrentRenders(t *testing.T) {
	doc := build(t, fixture())
	want := render(t, doc, pdf.Options{Time: testTime})
	errs := make(chan error, 4)
	got := make([][]byte, 4)
	for i := range got {
		go func() {
			var buf bytes.Buffer
			err := pdf.Render(&buf, doc, pdf.Options{Time: testTime})
			got[i] = buf.Bytes()
			errs <- err
		}()
	}
	for range got {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for i, b := range got {
		if !bytes.Equal(b, want) {
			t.Errorf("concurrent render %d differs from a render alone", i)
		}
	}
}
