package fcexport

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

func scanFile(t *testing.T, path string, sel Selection) *Result {
	t.Helper()
	e, err := Open(path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	defer e.Close()
	r, err := e.Scan(context.Background(), sel)
	if err != nil {
		t.Fatalf("Scan(%s): %v", path, err)
	}
	return r
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func xmlDoc(fiches ...string) string {
	return "<?xml version='1.0' encoding='UTF-8'?>\n<FICHES>\n<VERSION_FLUX>4.1</VERSION_FLUX>\n" + strings.Join(fiches, "\n") + "\n</FICHES>\n"
}

func byCode(t *testing.T, r *Result, code string) *Fiche {
	t.Helper()
	for _, f := range r.Fiches {
		if string(f.Cert.Code) == code {
			return f
		}
	}
	t.Fatalf("fiche %s not selected (got %d fiches)", code, len(r.Fiches))
	return nil
}

func ip(n int) *int { return &n }

func intStr(p *int) string {
	if p == nil {
		return "nil"
	}
	return strconv.Itoa(*p)
}

func statLine(s domain.PromotionStat) string {
	return strings.Join([]string{strconv.Itoa(s.Year), intStr(s.Certified), intStr(s.CertifiedVAE), intStr(s.Insertion6m), intStr(s.TargetJob24m)}, " ")
}

func TestXMLSampleEveryField(t *testing.T) {
	r := scanFile(t, fixture(t, "export_fiches_rncp_rs_v4_1_sample.xml"), Selection{All: true})
	if r.Shape != ShapeXML || r.Version != "4.1" || r.Scanned != 2 || r.RNCP != 1 || r.RS != 1 || r.Date != "" {
		t.Fatalf("result header: %+v", r)
	}
	if len(r.Fiches) != 2 || len(r.Problems()) != 0 {
		t.Fatalf("fiches %d problems %v", len(r.Fiches), r.Problems())
	}
	f := byCode(t, r, "RNCP35419")
	c := f.Cert
	if c.Title != "Expert en ingénierie du logiciel" || c.Level != 7 || c.EndDate.String() != "2026-03-17" || !c.DeliveryLimit.IsZero() {
		t.Errorf("identity: %+v", c)
	}
	if c.Active == nil || *c.Active {
		t.Errorf("ACTIF Non must give active=false, got %v", c.Active)
	}
	if c.Source != "fc-xml" || c.SourceDate != "" {
		t.Errorf("source %q %q", c.Source, c.SourceDate)
	}
	if len(c.Blocs) != 4 || c.Blocs[0].Code != "RNCP35419BC01" || c.Blocs[0].Label != "Gestion de la relation client en ingénierie du logiciel" ||
		c.Blocs[3].Label != "Conception avancée de l'architecture de logiciel" {
		t.Errorf("blocs: %+v", c.Blocs)
	}
	if got := domain.AccessCodes(c.Access); got != "FI,CA,FC,CQ,CL,VAE" {
		t.Errorf("access %s", got)
	}
	var stats []string
	for _, s := range c.Stats {
		stats = append(stats, statLine(s))
	}
	if got, want := strings.Join(stats, " | "), "2017 11 0 100 90 | 2018 28 0 100 71 | 2019 36 4 96 nil"; got != want {
		t.Errorf("stats\n got %s\nwant %s", got, want)
	}
	if len(c.Partners) != 3 {
		t.Fatalf("partners: %+v", c.Partners)
	}
	p := c.Partners[2] // sorted by SIRET: VISIPLUS 443…, ASSOCIATION 808…, ISCOD 888…
	if p.SIRET != "88877726500016" || p.Name != "ISCOD" || p.Habilitation != "HABILITATION_ORGA_FORM" || p.Status != "Actif" ||
		p.ActiveSince.String() != "2023-04-12" || p.StatusChange.String() != "2023-04-12" {
		t.Errorf("partner ISCOD: %+v", p)
	}
	if a := c.Partners[1]; a.SIRET != "80875076400025" || !a.ActiveSince.IsZero() || a.StatusChange.String() != "2023-04-12" {
		t.Errorf("partner without DATE_ACTIF: %+v", a)
	}
	if len(f.Certifiers) != 1 || f.Certifiers[0] != (Certifier{"31134913800017", "ECOLE SUP INFORMATIQUE ELECTRON AUTOMAT"}) {
		t.Errorf("certifiers %+v", f.Certifiers)
	}

	rs := byCode(t, r, "RS5568").Cert
	if rs.Title != "Référent cybersécurité en TPE/PME" || rs.Level != 0 || rs.EndDate.String() != "2026-11-10" || rs.Active == nil || !*rs.Active {
		t.Errorf("RS5568: %+v", rs)
	}
	if got := domain.AccessCodes(rs.Access); got != "FI,FC,CQ" {
		t.Errorf("RS5568 access %s: SI_JURY_CL/VAE are ACTIF=Non and CA is absent", got)
	}
	stats = nil
	for _, s := range rs.Stats {
		stats = append(stats, statLine(s))
	}
	if got, want := strings.Join(stats, " | "), "2019 12 nil nil nil | 2020 46 nil nil nil | 2021 54 nil nil nil"; got != want {
		t.Errorf("RS stats\n got %s\nwant %s", got, want)
	}
	if len(rs.Partners) != 16 || len(rs.Blocs) != 0 {
		t.Errorf("RS5568 partners %d blocs %d", len(rs.Partners), len(rs.Blocs))
	}
	found := false
	for _, p := range rs.Partners {
		if p.SIRET == "18743001200067" {
			found = p.Name == "CHAMBRE COMMERCE & INDUSTRIE HTE SAVOI"
		}
	}
	if !found {
		t.Error("the &amp; of a partner name must be decoded")
	}
}

func TestXMLZipSameAsPlain(t *testing.T) {
	r := scanFile(t, fixture(t, "export-fiches-rncp-v4-1-2025-11-20.zip"), Selection{All: true})
	if r.Shape != ShapeXMLZip || r.Date != "2025-11-20" || r.Scanned != 2 {
		t.Fatalf("zip: %+v", r)
	}
	c := byCode(t, r, "RNCP35419").Cert
	if c.SourceDate != "2025-11-20" || len(c.Blocs) != 4 || len(c.Stats) != 3 || c.EndDate.String() != "2026-03-17" {
		t.Errorf("zip fiche: %+v", c)
	}
}

// The decoder reuses its slices between fiches: a field absent from a later
// fiche must not keep the value of an earlier one.
func TestXMLNoLeakBetweenFiches(t *testing.T) {
	doc := xmlDoc(`<FICHE><NUMERO_FICHE>RNCP36141</NUMERO_FICHE><INTITULE>A</INTITULE>
  <PARTENAIRES><PARTENAIRE><SIRET_PARTENAIRE>41287654200017</SIRET_PARTENAIRE><ETAT_HABILITATION>Actif</ETAT_HABILITATION><DATE_ACTIF>01/02/2023</DATE_ACTIF></PARTENAIRE></PARTENAIRES>
  <STATISTIQUES_PROMOTIONS><STATISTIQUES_PROMOTION><ANNEE>2024</ANNEE><NOMBRE_CERTIFIES>24</NOMBRE_CERTIFIES><NOMBRE_CERTIFIES_VAE>3</NOMBRE_CERTIFIES_VAE><TAUX_INSERTION_GLOBAL_6MOIS>87</TAUX_INSERTION_GLOBAL_6MOIS></STATISTIQUES_PROMOTION></STATISTIQUES_PROMOTIONS>
  <SI_JURY_VAE><ACTIF>Oui</ACTIF></SI_JURY_VAE></FICHE>`,
		`<FICHE><NUMERO_FICHE>RS6155</NUMERO_FICHE><INTITULE>B</INTITULE>
  <PARTENAIRES><PARTENAIRE><SIRET_PARTENAIRE>41287654200017</SIRET_PARTENAIRE></PARTENAIRE></PARTENAIRES>
  <STATISTIQUES_PROMOTIONS><STATISTIQUES_PROMOTION><ANNEE>2024</ANNEE><NOMBRE_CERTIFIES>45</NOMBRE_CERTIFIES></STATISTIQUES_PROMOTION></STATISTIQUES_PROMOTIONS>
  <SI_JURY_VAE/></FICHE>`)
	r, err := ReadXML(context.Background(), strings.NewReader(doc), "leak.xml", Selection{All: true})
	if err != nil {
		t.Fatal(err)
	}
	c := byCode(t, r, "RS6155").Cert
	if got := statLine(c.Stats[0]); got != "2024 45 nil nil nil" {
		t.Errorf("stats leaked from the previous fiche: %s", got)
	}
	if p := c.Partners[0]; p.Status != "" || !p.ActiveSince.IsZero() {
		t.Errorf("partner leaked from the previous fiche: %+v", p)
	}
	if len(c.Access) != 0 {
		t.Errorf("access leaked: %v", c.Access)
	}
}

func TestXMLMissingOptionalFields(t *testing.T) {
	doc := xmlDoc(`<FICHE><NUMERO_FICHE> rncp 1234 </NUMERO_FICHE><INTITULE>  Titre
  sur deux lignes </INTITULE></FICHE>`)
	r, err := ReadXML(context.Background(), strings.NewReader(doc), "min.xml", Selection{All: true})
	if err != nil {
		t.Fatal(err)
	}
	f := r.Fiches[0]
	c := f.Cert
	if len(f.Problems) != 0 || c.Code != "RNCP1234" || c.Title != "Titre sur deux lignes" || c.Level != 0 || c.Active != nil ||
		!c.EndDate.IsZero() || !c.DeliveryLimit.IsZero() || len(c.Blocs)+len(c.Access)+len(c.Stats)+len(c.Partners) != 0 || len(f.Certifiers) != 0 {
		t.Errorf("minimal fiche: %+v problems %v", c, f.Problems)
	}
	if r.WithoutCertifierSIRET != 1 {
		t.Errorf("WithoutCertifierSIRET = %d", r.WithoutCertifierSIRET)
	}
}

func TestXMLDeliveryLimitAndDuplicates(t *testing.T) {
	first := `<FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE><INTITULE>Ancien</INTITULE><DATE_FIN_ENREGISTREMENT>1/2/2025</DATE_FIN_ENREGISTREMENT><DATE_LIMITE_DELIVRANCE>31/12/2025</DATE_LIMITE_DELIVRANCE>
  <BLOCS_COMPETENCES><BLOC_COMPETENCES><CODE>RNCP1BC02</CODE><LIBELLE>B</LIBELLE></BLOC_COMPETENCES><BLOC_COMPETENCES><CODE>RNCP1BC01</CODE><LIBELLE>A</LIBELLE></BLOC_COMPETENCES><BLOC_COMPETENCES><CODE>RNCP1BC01</CODE><LIBELLE>A bis</LIBELLE></BLOC_COMPETENCES></BLOCS_COMPETENCES>
  <STATISTIQUES_PROMOTIONS><STATISTIQUES_PROMOTION><ANNEE>2024</ANNEE><TAUX_INSERTION_GLOBAL_6MOIS>96,5</TAUX_INSERTION_GLOBAL_6MOIS></STATISTIQUES_PROMOTION><STATISTIQUES_PROMOTION><ANNEE>2024</ANNEE></STATISTIQUES_PROMOTION></STATISTIQUES_PROMOTIONS>
  <PARTENAIRES><PARTENAIRE><SIRET_PARTENAIRE>41287654200017</SIRET_PARTENAIRE><HABILITATION_PARTENAIRE>HABILITATION_FORMER</HABILITATION_PARTENAIRE></PARTENAIRE><PARTENAIRE><SIRET_PARTENAIRE>412 876 542 00017</SIRET_PARTENAIRE><HABILITATION_PARTENAIRE>habilitation_former</HABILITATION_PARTENAIRE></PARTENAIRE></PARTENAIRES>
</FICHE>`
	doc := xmlDoc(first, `<FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE><INTITULE>Nouveau</INTITULE></FICHE>`)
	r, err := ReadXML(context.Background(), strings.NewReader(doc), "dup.xml", Selection{Codes: []domain.CertCode{"RNCP1"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Fiches) != 1 || r.Fiches[0].Cert.Title != "Nouveau" || strings.Join(r.Duplicates, ",") != "RNCP1" {
		t.Fatalf("duplicate fiche: the last one is kept and reported: %+v %v", r.Fiches, r.Duplicates)
	}
	r, _ = ReadXML(context.Background(), strings.NewReader(xmlDoc(first)), "one.xml", Selection{All: true})
	c := r.Fiches[0].Cert
	if c.EndDate.String() != "2025-02-01" || c.DeliveryLimit.String() != "2025-12-31" {
		t.Errorf("dates: %s %s", c.EndDate, c.DeliveryLimit)
	}
	if len(c.Blocs) != 2 || c.Blocs[0] != (domain.Bloc{Code: "RNCP1BC01", Label: "A"}) {
		t.Errorf("blocs are deduplicated (first kept) and sorted: %+v", c.Blocs)
	}
	if len(c.Stats) != 1 || intStr(c.Stats[0].Insertion6m) != "97" || len(r.Fiches[0].Notes) != 1 {
		t.Errorf("stats: a decimal rate is rounded half up, a repeated year is noted: %+v %v", c.Stats, r.Fiches[0].Notes)
	}
	if len(c.Partners) != 1 {
		t.Errorf("partners are deduplicated on SIRET and habilitation: %+v", c.Partners)
	}
}

// badDateMsg is domain.ParseDate's message for 31/02/2027.
func badDateMsg(t *testing.T) string {
	_, err := domain.ParseDate("31/02/2027")
	var de *domain.Error
	if !errors.As(err, &de) || !strings.HasPrefix(de.Msg, `"31/02/2027" is not a real date`) {
		t.Fatalf("ParseDate(31/02/2027): %v", err)
	}
	return de.Msg
}

func TestXMLMalformedFiche(t *testing.T) {
	bad := `<FICHE>
  <NUMERO_FICHE>RNCP36141</NUMERO_FICHE>
  <INTITULE>Responsable en gestion des ressources humaines</INTITULE>
  <NOMENCLATURE_EUROPE><NIVEAU>NIV9</NIVEAU></NOMENCLATURE_EUROPE>
  <CERTIFICATEURS><CERTIFICATEUR><SIRET_CERTIFICATEUR>73282932000074</SIRET_CERTIFICATEUR><NOM_CERTIFICATEUR>ACADEMIE</NOM_CERTIFICATEUR></CERTIFICATEUR></CERTIFICATEURS>
  <PARTENAIRES><PARTENAIRE><SIRET_PARTENAIRE>41287654200017</SIRET_PARTENAIRE><DATE_ACTIF>hier</DATE_ACTIF></PARTENAIRE></PARTENAIRES>
  <STATISTIQUES_PROMOTIONS><STATISTIQUES_PROMOTION><ANNEE>2024</ANNEE><NOMBRE_CERTIFIES>beaucoup</NOMBRE_CERTIFIES><TAUX_INSERTION_GLOBAL_6MOIS>120</TAUX_INSERTION_GLOBAL_6MOIS></STATISTIQUES_PROMOTION></STATISTIQUES_PROMOTIONS>
  <DATE_FIN_ENREGISTREMENT>31/02/2027</DATE_FIN_ENREGISTREMENT>
  <ACTIF>Peut-être</ACTIF>
  <SI_JURY_FI><ACTIF>Bof</ACTIF></SI_JURY_FI>
</FICHE>`
	other := `<FICHE><NUMERO_FICHE>RNCP1X</NUMERO_FICHE><INTITULE></INTITULE><DATE_FIN_ENREGISTREMENT>2027</DATE_FIN_ENREGISTREMENT></FICHE>`
	doc := xmlDoc(bad, other)

	r, err := ReadXML(context.Background(), strings.NewReader(doc), "bad.xml", Selection{SIRET: "73282932000074"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Fiches) != 1 {
		t.Fatalf("selected %d", len(r.Fiches))
	}
	var got []string
	for _, p := range r.Problems() {
		got = append(got, p.Error())
	}
	want := []string{
		`bad.xml:4:NOMENCLATURE_EUROPE/NIVEAU: FICHE_LEVEL: fiche RNCP36141: "NIV9" is not a level: expected NIV3 to NIV8`,
		`bad.xml:4:ACTIF: FICHE_FLAG: fiche RNCP36141: "Peut-être" is not Oui/Non (ACTIVE/INACTIVE)`,
		`bad.xml:4:DATE_FIN_ENREGISTREMENT: FICHE_DATE: fiche RNCP36141: ` + badDateMsg(t),
		`bad.xml:4:SI_JURY_FI/ACTIF: FICHE_FLAG: fiche RNCP36141: "Bof" is not Oui/Non (ACTIVE/INACTIVE)`,
		`bad.xml:4:STATISTIQUES_PROMOTION/NOMBRE_CERTIFIES: FICHE_NUMBER: fiche RNCP36141: "beaucoup" is not a whole number`,
		`bad.xml:4:STATISTIQUES_PROMOTION/TAUX_INSERTION_GLOBAL_6MOIS: FICHE_NUMBER: fiche RNCP36141: "120" is not a rate from 0 to 100`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems\n got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	notes := r.Fiches[0].Notes
	if len(notes) != 1 || notes[0].Field != "PARTENAIRE/DATE_ACTIF" || !strings.Contains(notes[0].Msg, "kept as unknown") {
		t.Errorf("a partner's bad date is a note, not a problem: %+v", notes)
	}
	// The other fiche is not selected: skipped, counted, with an example.
	if r.Skipped != 1 || len(r.SkippedExamples) != 1 || r.SkippedExamples[0].Code != "FICHE_CODE" {
		t.Errorf("skipped %d %+v", r.Skipped, r.SkippedExamples)
	}
	if s := r.SkippedExamples[0].Short(); s != `RNCP1X (NUMERO_FICHE: "RNCP1X" is not an RNCP or RS code)` {
		t.Errorf("short: %s", s)
	}
}

func TestLevels(t *testing.T) {
	for _, tc := range []struct {
		code, in string
		want     int
		problem  bool
	}{
		{"RNCP1", "NIV3", 3, false}, {"RNCP1", "NIV4", 4, false}, {"RNCP1", "NIV5", 5, false}, {"RNCP1", "NIV6", 6, false},
		{"RNCP1", "NIV7", 7, false}, {"RNCP1", " niv8 ", 8, false}, {"RNCP1", "", 0, false}, {"RNCP1", "REPRISE", 0, false},
		{"RNCP1", "NIV2", 0, true}, {"RNCP1", "Niveau 6", 0, true}, {"RS1", "NIV5", 0, false},
	} {
		b := newBuilder("f", 1, tc.code)
		b.code("NUMERO_FICHE")
		b.level("NIVEAU", tc.in)
		if b.f.Cert.Level != tc.want || (len(b.f.Problems) > 0) != tc.problem {
			t.Errorf("%s %q: level %d problems %v", tc.code, tc.in, b.f.Cert.Level, b.f.Problems)
		}
	}
}

func TestFlagsAndDates(t *testing.T) {
	b := newBuilder("f", 1, "RNCP1")
	for in, want := range map[string]string{"Oui": "true", "oui": "true", "Non": "false", "ACTIVE": "true", "INACTIVE": "false", "": "nil"} {
		got := "nil"
		if v := b.flag("ACTIF", in); v != nil {
			got = map[bool]string{true: "true", false: "false"}[*v]
		}
		if got != want {
			t.Errorf("flag %q = %s, want %s", in, got, want)
		}
	}
	if len(b.f.Problems) != 0 {
		t.Fatalf("problems: %v", b.f.Problems)
	}
	for in, want := range map[string]string{"17/03/2026": "2026-03-17", "1/3/2026": "2026-03-01", "2026-03-17": "2026-03-17", "": ""} {
		if got := b.date(1, "D", in, true).String(); got != want {
			t.Errorf("date %q = %q, want %q", in, got, want)
		}
	}
	b.date(1, "D", "17/03/26", true)
	b.date(1, "D", "32/01/2026", true)
	if len(b.f.Problems) != 2 {
		t.Errorf("two-digit years and impossible days are problems: %v", b.f.Problems)
	}
}

func wantRejected(t *testing.T, err error, code, contains string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("want a domain error %s, got %v", code, err)
	}
	if de.Kind != domain.KindRejected || de.Code != code || !strings.Contains(de.Msg, contains) {
		t.Errorf("got kind %d code %s msg %q; want rejected %s containing %q", de.Kind, de.Code, de.Msg, code, contains)
	}
	if de.Hint == "" {
		t.Errorf("%s: no hint", code)
	}
}

func TestOpenRejectsForeignFiles(t *testing.T) {
	sample := readFixture(t, "export_fiches_rncp_rs_v4_1_sample.xml")
	cases := []struct {
		name, file string
		data       []byte
		code, msg  string
	}{
		{"foreign XML", "flux.xml", []byte("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>"), "FC_XML_ROOT", "root element is <rss>, expected <FICHES>"},
		{"not XML at all", "export.xml", []byte("<<<>>>"), "FC_XML", "not a readable XML file"},
		{"PDF", "export.pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj"), "FC_FORMAT", "is a PDF document"},
		{"random bytes", "random.bin", readFixture(t, "bad/random.bin"), "FC_FORMAT", "is not a France Compétences export"},
		{"empty", "empty.xml", nil, "FC_FORMAT", "is empty"},
		{"one CSV of the export", "export_fiches_CSV_Standard_2024_02_22.csv", []byte("\"Id_Fiche\";\"Numero_Fiche\"\r\n"), "FC_FORMAT", "one file of the CSV export"},
		{"truncated zip", "export-fiches-csv.zip", readFixture(t, "bad/truncated-export-fiches-csv-2024-02-22.zip"), "FC_ZIP", "not a readable zip"},
		{"zip without export", "export.zip", readFixture(t, "bad/no-export.zip"), "FC_ZIP_CONTENT", "found: LISEZMOI.txt, photos/logo.png"},
		{"zip with a foreign XML", "export.zip", zipOf(t, "carte.xml", "<kml/>"), "FC_XML_ROOT", "export.zip/carte.xml: the XML root element is <kml>"},
		{"incomplete CSV zip", "export-fiches-csv.zip", zipOf(t, "export_fiches_CSV_Standard_2024_02_22.csv", "x", "export_fiches_CSV_Certificateurs_2024_02_22.csv", "x"), "FC_CSV_MISSING",
			"export_fiches_CSV_Partenaires_*.csv"},
		{"gzip", "export.xml.gz", []byte("\x1f\x8b\x08\x00"), "FC_FORMAT", "gzip"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open(writeTemp(t, tc.file, tc.data))
			wantRejected(t, err, tc.code, tc.msg)
		})
	}
	t.Run("truncated XML", func(t *testing.T) {
		e, err := Open(fixture(t, "bad/truncated-export_fiches_RNCP_V4_1.xml"))
		if err != nil {
			t.Fatal(err)
		}
		defer e.Close()
		_, err = e.Scan(context.Background(), Selection{All: true})
		wantRejected(t, err, "FC_TRUNCATED", "before </FICHES>")
	})
	t.Run("XML syntax error in a fiche", func(t *testing.T) {
		_, err := ReadXML(context.Background(), strings.NewReader(xmlDoc("<FICHE><NUMERO_FICHE>RS1</NUMERO></FICHE>")), "x.xml", Selection{All: true})
		wantRejected(t, err, "FC_XML", "x.xml:4: XML syntax error")
	})
	t.Run("damaged zip entry", func(t *testing.T) {
		z := zipOf(t, "export_fiches_RNCP_V4_1_2025-11-20.xml", string(sample))
		i := len(z) / 2 // inside the compressed data; the central directory is intact
		for j := i; j < i+64; j++ {
			z[j] ^= 0x5a
		}
		e, err := Open(writeTemp(t, "export.zip", z))
		if err != nil {
			t.Fatal(err)
		}
		defer e.Close()
		_, err = e.Scan(context.Background(), Selection{All: true})
		var de *domain.Error
		if !errors.As(err, &de) || de.Kind != domain.KindRejected {
			t.Fatalf("a damaged entry must be rejected, got %v", err)
		}
	})
	t.Run("declared encoding", func(t *testing.T) {
		_, err := ReadXML(context.Background(), strings.NewReader("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><FICHES></FICHES>"), "l1.xml", Selection{All: true})
		var de *domain.Error
		if !errors.As(err, &de) || de.Kind != domain.KindRejected {
			t.Fatalf("got %v", err)
		}
	})
}

func TestOpenMissingPath(t *testing.T) {
	_, err := Open(filepath.Join(t.TempDir(), "nope.zip"))
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindNotFound || de.Code != "FILE_NOT_FOUND" {
		t.Fatalf("got %v", err)
	}
}

func TestSelection(t *testing.T) {
	sample := fixture(t, "export_fiches_rncp_rs_v4_1_sample.xml")
	r := scanFile(t, sample, Selection{SIRET: "18750002000073"})
	if len(r.Fiches) != 1 || r.Fiches[0].Cert.Code != "RS5568" {
		t.Errorf("by SIRET: %+v", r.Fiches)
	}
	r = scanFile(t, sample, Selection{SIRET: "18750002000073", Codes: []domain.CertCode{"RNCP35419", "RS9999", "RNCP1"}})
	if len(r.Fiches) != 1 || r.Fiches[0].Cert.Code != "RNCP35419" || len(r.Missing) != 2 || r.Missing[0] != "RS9999" {
		t.Errorf("by code: %+v missing %v", r.Fiches, r.Missing)
	}
	// No match: certifier names with counts, and the fiches of the same company or name.
	r = scanFile(t, sample, Selection{SIRET: "31134913800099", Name: "École sup. informatique électron automat"})
	if len(r.Fiches) != 0 {
		t.Fatalf("nothing should match: %+v", r.Fiches)
	}
	if len(r.Certifiers) != 2 || r.Certifiers[0] != (CertifierCount{"CCI FRANCE", "18750002000073", 1}) {
		t.Errorf("certifiers: %+v", r.Certifiers)
	}
	if strings.Join(r.SameSIREN, ",") != "RNCP35419 (SIRET 311 349 138 00017)" {
		t.Errorf("same SIREN: %v", r.SameSIREN)
	}
	r = scanFile(t, sample, Selection{SIRET: "73282932000074", Name: "Ecole Sup Informatique Electron Automat"})
	if strings.Join(r.SameName, ",") != "RNCP35419" || len(r.SameSIREN) != 0 {
		t.Errorf("same name: %v %v", r.SameName, r.SameSIREN)
	}
	var calls []int
	doc := xmlDoc(strings.Repeat("<FICHE><NUMERO_FICHE>RS1</NUMERO_FICHE><INTITULE>T</INTITULE></FICHE>\n", 2500))
	r, err := ReadXML(context.Background(), strings.NewReader(doc), "p.xml", Selection{SIRET: "73282932000074", Progress: func(n int) { calls = append(calls, n) }})
	if err != nil || r.Scanned != 2500 || len(calls) != 2 || calls[1] != 2000 {
		t.Errorf("progress: %v %v %v", err, r, calls)
	}
}

func TestScanCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ReadXML(ctx, strings.NewReader(xmlDoc("<FICHE><NUMERO_FICHE>RS1</NUMERO_FICHE></FICHE>")), "c.xml", Selection{All: true})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
}

func TestKeepLacking(t *testing.T) {
	prev := &domain.Certification{Code: "RNCP1", DeliveryLimit: domain.MustDate("2026-12-31"),
		Stats: []domain.PromotionStat{{Year: 2024, Certified: ip(10)}},
		Partners: []domain.PublishedPartner{
			{SIRET: "41287654200017", Habilitation: "HABILITATION_FORMER", Status: "Actif", ActiveSince: domain.MustDate("2023-01-02")},
			{SIRET: "52369874400019", Habilitation: "HABILITATION_FORMER", Status: "Supprimé"}}}
	c := &domain.Certification{Code: "RNCP1", Partners: []domain.PublishedPartner{
		{SIRET: "41287654200017", Habilitation: "HABILITATION_FORMER"},
		{SIRET: "52369874400019", Habilitation: "HABILITATION_ORGA_FORM"}, // another habilitation: unknown
	}}
	if kept := KeepLacking(ShapeXML, prev, c); kept != nil || len(c.Stats) != 0 {
		t.Fatalf("the XML carries everything: nothing is kept (%v)", kept)
	}
	kept := KeepLacking(ShapeCSVZip, prev, c)
	if strings.Join(kept, ",") != "promotion statistics,delivery deadline,partner status" {
		t.Errorf("kept %v", kept)
	}
	if len(c.Stats) != 1 || c.DeliveryLimit.String() != "2026-12-31" || c.Partners[0].Status != "Actif" ||
		c.Partners[0].ActiveSince.String() != "2023-01-02" || c.Partners[1].Status != "" {
		t.Errorf("merged: %+v", c)
	}
	if KeepLacking(ShapeCSVDir, nil, c) != nil {
		t.Error("no previous certification: nothing to keep")
	}
}

// The daily zips hold one XML each; a zip holding both registers is read
// entry after entry.
func TestXMLZipWithTwoEntries(t *testing.T) {
	rncp := xmlDoc(`<FICHE><NUMERO_FICHE>RNCP36141</NUMERO_FICHE><INTITULE>Responsable en gestion des ressources humaines</INTITULE></FICHE>`)
	rs := xmlDoc(`<FICHE><NUMERO_FICHE>RS6155</NUMERO_FICHE><INTITULE>Concevoir et animer des formations à distance</INTITULE></FICHE>`)
	p := writeTemp(t, "fiches.zip", zipOf(t, "export_fiches_RS_V4_1_2025-11-20.xml", rs, "export_fiches_RNCP_V4_1_2025-11-20.xml", rncp))
	r := scanFile(t, p, Selection{All: true})
	if r.Shape != ShapeXMLZip || r.Date != "2025-11-20" || r.Scanned != 2 || r.RNCP != 1 || r.RS != 1 {
		t.Fatalf("%+v", r)
	}
	if r.Fiches[0].Cert.Code != "RNCP36141" || r.Fiches[1].Cert.Code != "RS6155" || r.Fiches[1].Problems != nil {
		t.Errorf("entries are read in name order: %+v", r.Fiches)
	}
	e, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if e.Size != int64(len(rncp)+len(rs)) {
		t.Errorf("Size is the uncompressed size: %d", e.Size)
	}
}
