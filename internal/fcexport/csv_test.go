package fcexport

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

func TestCSVZipEveryField(t *testing.T) {
	r := scanFile(t, fixture(t, "export-fiches-csv-2024-02-22-sample.zip"), Selection{All: true})
	if r.Shape != ShapeCSVZip || r.Date != "2024-02-22" || r.Scanned != 9 || r.RNCP != 7 || r.RS != 2 || len(r.Fiches) != 9 {
		t.Fatalf("result: shape %s date %s scanned %d (%d/%d) fiches %d", r.Shape, r.Date, r.Scanned, r.RNCP, r.RS, len(r.Fiches))
	}
	if p := r.Problems(); len(p) != 0 {
		t.Fatalf("problems: %v", p)
	}
	var order []string
	for _, f := range r.Fiches {
		order = append(order, string(f.Cert.Code))
	}
	if got := strings.Join(order, " "); got != "RNCP509 RNCP1197 RNCP4049 RNCP22094 RNCP28155 RNCP30271 RS5000 RNCP19468 RS6117" {
		t.Errorf("fiches are kept in the order of the Standard file: %s", got)
	}

	f := byCode(t, r, "RS6117")
	c := f.Cert
	if c.Title != "CQP Tourier" || c.Level != 0 || c.EndDate.String() != "2025-09-29" || c.Active == nil || !*c.Active ||
		c.Source != "fc-csv" || c.SourceDate != "2024-02-22" || !c.DeliveryLimit.IsZero() || len(c.Stats) != 0 {
		t.Errorf("RS6117: %+v", c)
	}
	if got := domain.AccessCodes(c.Access); got != "FC,CQ,VAE" {
		t.Errorf("RS6117 access: %s", got)
	}
	if len(c.Partners) != 6 {
		t.Fatalf("RS6117 partners: %+v", c.Partners)
	}
	for _, p := range c.Partners {
		if len(p.SIRET) != 14 || strings.ContainsAny(p.SIRET, "\t ") || p.Status != "" || !p.ActiveSince.IsZero() || p.Habilitation != "HABILITATION_ORGA_FORM" {
			t.Errorf("partner (TAB stripped, no status in the CSV): %+v", p)
		}
	}
	if c.Partners[4].SIRET != "77566202600050" || c.Partners[4].Name != "ASS OUVRIERE COMPAGNON DEVOIR TOUR FRANC" {
		t.Errorf("partners sorted by SIRET: %+v", c.Partners[4])
	}
	want := []Certifier{{"78466840200018", "CONFEDE. NATIONALE BOULANGERS PATISSIERS"}, {"31504294500032", "INSTITUT NATIONAL BOULANGERIE PATISSERIE"}}
	if !reflect.DeepEqual(f.Certifiers, want) {
		t.Errorf("certifiers: %+v", f.Certifiers)
	}

	c = byCode(t, r, "RNCP509").Cert
	if c.Level != 3 || c.Active == nil || *c.Active || c.Title != "Agent vérificateur d'appareils extincteurs" || c.EndDate.String() != "2023-08-31" {
		t.Errorf("RNCP509: %+v", c)
	}
	if len(c.Blocs) != 6 || c.Blocs[0].Code != "RNCP509BC01" || c.Blocs[5] != (domain.Bloc{Code: "RNCP509BC06", Label: "UG3 : Éducation physique et sportive"}) {
		t.Errorf("RNCP509 blocs: %+v", c.Blocs)
	}
	if got := domain.AccessCodes(c.Access); got != "FI,CA,FC,CQ,CL,VAE" {
		t.Errorf("RNCP509 access (labels with typographic apostrophes): %s", got)
	}
	if c := byCode(t, r, "RNCP19468").Cert; c.Level != 0 {
		t.Errorf("REPRISE is no level: %d", c.Level)
	}
	if c := byCode(t, r, "RS5000").Cert; c.Level != 0 || c.Title != "Exploiter la blockchain dans le développement d’applications" {
		t.Errorf("RS5000: %+v", c)
	}
	if c := byCode(t, r, "RNCP1197").Cert; len(c.Access) != 0 || len(c.Blocs) != 0 {
		t.Errorf("RNCP1197 has no rows in the other files: %+v", c)
	}
}

// unzipTo extracts the CSV sample into a folder named like the download.
func unzipTo(t *testing.T, zipName, dir string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), dir)
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range unzipAll(t, readFixture(t, zipName)) {
		if err := os.WriteFile(filepath.Join(out, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestCSVFolderSameAsZip(t *testing.T) {
	dir := unzipTo(t, "export-fiches-csv-2024-02-22-sample.zip", "export-fiches-csv-2024-02-22")
	z := scanFile(t, fixture(t, "export-fiches-csv-2024-02-22-sample.zip"), Selection{All: true})
	d := scanFile(t, dir, Selection{All: true})
	if d.Shape != ShapeCSVDir || d.Date != "2024-02-22" {
		t.Fatalf("folder: %s %s", d.Shape, d.Date)
	}
	if !reflect.DeepEqual(z.Fiches, d.Fiches) {
		t.Error("the unzipped folder must give the same fiches as the zip")
	}
}

func TestCSVSelectionBySIRET(t *testing.T) {
	r := scanFile(t, fixture(t, "export-fiches-csv-2024-02-22-sample.zip"), Selection{SIRET: "78466840200018"})
	var got []string
	for _, f := range r.Fiches {
		got = append(got, string(f.Cert.Code))
	}
	if strings.Join(got, ",") != "RNCP19468,RS6117" {
		t.Fatalf("selected %v", got)
	}
	if len(byCode(t, r, "RS6117").Certifiers) != 2 {
		t.Error("a selected fiche keeps all its certifiers, also the co-certifier")
	}
	r = scanFile(t, fixture(t, "export-fiches-csv-2024-02-22-sample.zip"), Selection{SIRET: "73282932000074"})
	if len(r.Fiches) != 0 || len(r.Certifiers) != 5 || r.Certifiers[0].Name != "CONFEDE. NATIONALE BOULANGERS PATISSIERS" || r.Certifiers[0].Fiches != 2 {
		t.Errorf("no match: %+v", r.Certifiers)
	}
}

// csvDir writes a CSV export folder from the sample, with extra rows.
func csvDir(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := unzipTo(t, "export-fiches-csv-2024-02-22-sample.zip", "export-fiches-csv-2025-01-10")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		k := csvKind(e.Name())
		if rows, ok := extra[k]; ok {
			f, err := os.OpenFile(filepath.Join(dir, e.Name()), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.WriteString(strings.ReplaceAll(rows, "\n", "\r\n")); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
	}
	return dir
}

func TestCSVMalformedFiche(t *testing.T) {
	dir := csvDir(t, map[string]string{
		partStandard:   "\"1\";\"RNCP36141\";\"Responsable RH\";;;\"NIV6\";\"Niveau 6\";\"Non\";\"Non\";;;\"31/02/2027\";;\"\";;\"ACTIVE\"\n",
		partCertifiers: "\"RNCP36141\";\"\t73282932000074\";\"ACADEMIE\"\n",
		partAccess:     "\"RNCP36141\";\"Par correspondance\"\n\"RNCP36141\";\"Par expérience\"\n",
	})
	r := scanFile(t, dir, Selection{SIRET: "73282932000074"})
	if r.Date != "2025-01-10" || len(r.Fiches) != 1 {
		t.Fatalf("date %s fiches %d", r.Date, len(r.Fiches))
	}
	var got []string
	for _, p := range r.Problems() {
		got = append(got, p.Error())
	}
	want := []string{
		`export-fiches-csv-2025-01-10/export_fiches_CSV_Standard_2024_02_22.csv:11:Date_Fin_Enregistrement: FICHE_DATE: fiche RNCP36141: ` + badDateMsg(t),
		`export-fiches-csv-2025-01-10/export_fiches_CSV_VoixdAccès_2024_02_22.csv:36:Si_Jury: FICHE_ACCESS: fiche RNCP36141: "Par correspondance" is not one of the six access routes of France Compétences`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems\n got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := domain.AccessCodes(r.Fiches[0].Cert.Access); got != "VAE" {
		t.Errorf("access %s", got)
	}
}

func TestCSVHeaderAndBOM(t *testing.T) {
	dir := unzipTo(t, "export-fiches-csv-2024-02-22-sample.zip", "x")
	std := filepath.Join(dir, "export_fiches_CSV_Standard_2024_02_22.csv")
	data, _ := os.ReadFile(std)
	if err := os.WriteFile(std, append([]byte("\xef\xbb\xbf"), data...), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := scanFile(t, dir, Selection{All: true}); len(r.Fiches) != 9 {
		t.Errorf("a BOM before the header is tolerated: %d fiches", len(r.Fiches))
	}
	if err := os.WriteFile(std, []byte("\"Id\";\"Code\"\r\n\"1\";\"RS1\"\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	_, err = e.Scan(t.Context(), Selection{All: true})
	wantRejected(t, err, "FC_CSV_HEADER", "export_fiches_CSV_Standard_2024_02_22.csv:1: column(s) numero fiche, intitule")
}

func TestCSVKind(t *testing.T) {
	for name, want := range map[string]string{
		"export_fiches_CSV_Standard_2024_02_22.csv":                   partStandard,
		"EXPORT_FICHES_CSV_CERTIFICATEURS_2024_02_22.CSV":             partCertifiers,
		"export_fiches_CSV_Partenaires_2024_02_22.csv":                partPartners,
		"export_fiches_CSV_Blocs_De_Compétences_2024_02_22.csv":       partBlocs,
		"export_fiches_CSV_Blocs_De_Compe\u0301tences_2024_02_22.csv": partBlocs, // NFD, as macOS writes it
		"export_fiches_CSV_Blocs_De_Comp\x82tences_2024_02_22.csv":    partBlocs, // CP437 name in an old zip
		"export_fiches_CSV_VoixdAccès_2024_02_22.csv":                 partAccess,
		"export_fiches_CSV_Rome_2024_02_22.csv":                       "",
		"export_fiches_CSV_Standard_2024_02_22.txt":                   "",
		"standard.csv": "",
	} {
		if got := csvKind(name); got != want {
			t.Errorf("csvKind(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestDateIn(t *testing.T) {
	for name, want := range map[string]string{
		"export-fiches-rncp-v4-1-2025-11-20.zip":     "2025-11-20",
		"export_fiches_RS_V4_1_2025-11-20.xml":       "2025-11-20",
		"export_fiches_CSV_Standard_2024_02_22.csv":  "2024-02-22",
		"export_fiches_rncp_rs_v4_1_sample.xml":      "",
		"export-fiches-rncp-v4-1-2025-13-45.zip":     "",
		"/tmp/2024-01-01/export-fiches-csv-x.zip":    "",
		"export-fiches-csv-2024-02-22-sample.zip":    "2024-02-22",
		"export-fiches-rncp-v4-1-20251120-final.zip": "",
	} {
		if got := dateIn(filepath.Base(name)); got != want {
			t.Errorf("dateIn(%q) = %q, want %q", name, got, want)
		}
	}
}
