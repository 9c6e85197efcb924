package cpf

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/domain"
)

const testdata = "../../testdata/cdc/"

func day(t *testing.T, s string) domain.Date {
	t.Helper()
	d, err := domain.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// leaves canonicalises an XML document: one line per element path with its
// text and attributes (prefixes resolved, whitespace between elements and
// comments dropped), in document order.
func leaves(t *testing.T, b []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var out, path []string
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			path = append(path, e.Name.Space+" "+e.Name.Local)
			text.Reset()
			for _, a := range e.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
					continue
				}
				out = append(out, strings.Join(path, "/")+"@"+a.Name.Space+" "+a.Name.Local+"="+a.Value)
			}
		case xml.CharData:
			text.Write(e)
		case xml.EndElement:
			if v := strings.TrimSpace(text.String()); v != "" {
				out = append(out, strings.Join(path, "/")+"="+v)
			} else {
				out = append(out, strings.Join(path, "/"))
			}
			text.Reset()
			path = path[:len(path)-1]
		}
	}
}

// The CDC's own example is read with our types and written again without
// losing or changing a field.
func TestExampleRoundTrip(t *testing.T) {
	in, err := os.ReadFile(testdata + "cdc-accrochage-exemple-v2.0.0.xml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(bytes.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if probs := Validate(f); len(probs) != 0 {
		t.Errorf("the CDC example fails the Go-side validation: %v", probs)
	}
	var out bytes.Buffer
	if err := Write(&out, f); err != nil {
		t.Fatal(err)
	}
	a, b := leaves(t, in), leaves(t, out.Bytes())
	if !reflect.DeepEqual(a, b) {
		for i := 0; i < len(a) && i < len(b); i++ {
			if a[i] != b[i] {
				t.Fatalf("round trip differs at %d:\n in  %s\n out %s", i, a[i], b[i])
			}
		}
		t.Fatalf("round trip: %d leaves in, %d out", len(a), len(b))
	}
	if len(a) < 100 {
		t.Fatalf("only %d leaves: the comparison is not exercising the file", len(a))
	}
	xmllint(t, out.Bytes())
}

func holder(t *testing.T) domain.CDCPassage {
	return domain.CDCPassage{
		CertCode: "RNCP38123", IDTechnique: "0b9d7c1e-0000-4000-8000-000000000001",
		Obtention: "PAR_ADMISSION", ExamStart: day(t, "2024-05-13"), ExamEnd: day(t, "2024-05-14"),
		ExamMode: "EN_PRESENTIEL", CentrePostalCode: "69003", ValidFrom: day(t, "2024-06-03"),
		Scoring: "14.5", Mention: "MENTION_BIEN", Modalite: "FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION",
		RegisteredOn: day(t, "2024-01-10"),
		BirthName:    "Martin", UsageName: "", FirstNames: []string{"Léa"}, BirthYear: 1990, BirthMonth: 4, BirthDay: 12,
		Sex: "F", BirthINSEE: "69123", BirthTown: "Lyon",
	}
}

func flux(ps ...domain.CDCPassage) domain.CDCFlux {
	return domain.CDCFlux{
		IDFlux: "5d0c1a52-7d34-4e0b-9a51-0c2f8e1b7a10", At: time.Date(2024, 9, 2, 8, 30, 15, 123, time.UTC),
		ClientID: "12ABC345", Contract: "MCFCER000123", Passages: ps,
	}
}

func render(t *testing.T, in domain.CDCFlux) []byte {
	t.Helper()
	f := Build(in)
	if probs := Validate(f); len(probs) != 0 {
		t.Fatalf("Go-side validation: %v", probs)
	}
	var out bytes.Buffer
	if err := Write(&out, f); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func xmllint(t *testing.T, b []byte) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("HABIL_TEST_STRICT") == "1" {
			t.Fatal("xmllint is not installed and HABIL_TEST_STRICT=1: apt-get install -y libxml2-utils")
		}
		t.Skip("SKIP: xmllint is not installed (apt-get install -y libxml2-utils): XSD validation not run")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "flux.xml")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", "--noout", "--schema", testdata+"cdc-accrochage-cpf-v2.0.0.xsd", p).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint rejects the file: %v\n%s\n%s", err, out, b)
	}
}

func TestGeneratedFilesValidate(t *testing.T) {
	france := holder(t)
	abroad := holder(t)
	abroad.IDTechnique = "id-abroad"
	abroad.BirthINSEE, abroad.BirthTown, abroad.BirthCountry = "99352", "Alger", "Algérie"
	vae := holder(t)
	vae.IDTechnique = "id-vae"
	vae.Modalite, vae.VoieVAE = "VAE", "VAE_CLASSIQUE"
	names := holder(t)
	names.IDTechnique = "id-names"
	names.BirthName, names.UsageName = "D'Arcy-Lefèvre", "N'Guyen"
	names.FirstNames = []string{"Jean-Éloïse", "Ōsaka", "Дмитрий"}
	minimal := domain.CDCPassage{CertCode: "RS5568", IDTechnique: "id-min", Obtention: "PAR_SCORING",
		ValidFrom: day(t, "2024-06-03"), BirthName: "李", FirstNames: []string{"小龍"}, BirthYear: 2001, Sex: "M",
		BirthPostalCode: ""}
	cases := map[string]domain.CDCPassage{"born in France": france, "born abroad": abroad, "VAE": vae,
		"names": names, "missing optional data": minimal}
	for name, p := range cases {
		t.Run(name, func(t *testing.T) {
			b := render(t, flux(p))
			xmllint(t, b)
		})
	}
	t.Run("all together", func(t *testing.T) { xmllint(t, render(t, flux(france, abroad, vae, names, minimal))) })

	b := string(render(t, flux(abroad)))
	for _, want := range []string{"<cpf:codeInsee>99352</cpf:codeInsee>", "<cpf:codePaysNaissance>352</cpf:codePaysNaissance>",
		"<cpf:horodatage>2024-09-02T08:30:15+00:00</cpf:horodatage>", `<cpf:dateFinValidite xsi:nil="true"></cpf:dateFinValidite>`,
		`<cpf:flux xmlns:cpf="urn:cdc:cpf:pc5:schema:1.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`} {
		if !strings.Contains(b, want) {
			t.Errorf("missing %s in\n%s", want, b)
		}
	}
	if strings.Contains(string(render(t, flux(france))), "codePaysNaissance") {
		t.Error("codePaysNaissance written for someone born in France")
	}
	v := string(render(t, flux(vae)))
	if !strings.Contains(v, "<cpf:modaliteAcces>VAE</cpf:modaliteAcces>") || !strings.Contains(v, "<cpf:voieAccessVAE>VAE_CLASSIQUE</cpf:voieAccessVAE>") {
		t.Errorf("VAE route not declared:\n%s", v)
	}
	m := string(render(t, flux(minimal)))
	for _, want := range []string{`<cpf:scoring xsi:nil="true">`, `<cpf:mentionValidee xsi:nil="true">`, `<cpf:modaliteAcces xsi:nil="true">`,
		`<cpf:nomUsage xsi:nil="true">`, `<cpf:moisNaissance xsi:nil="true">`, `<cpf:codePostal xsi:nil="true">`} {
		if !strings.Contains(m, want) {
			t.Errorf("missing %s in\n%s", want, m)
		}
	}
}

// Passages are grouped by certification and sorted whatever the input order.
func TestBuildIsDeterministic(t *testing.T) {
	a, b, c := holder(t), holder(t), holder(t)
	b.IDTechnique, c.IDTechnique, c.CertCode = "aaa", "zzz", "RNCP10000"
	x := render(t, flux(a, b, c))
	y := render(t, flux(c, b, a))
	if !bytes.Equal(x, y) {
		t.Fatal("output depends on input order")
	}
	f := Build(flux(a, b, c))
	certs := f.Emetteur.Certificateurs.Certificateur[0].Certifications.Certification
	if len(certs) != 2 || certs[0].Code != "RNCP10000" || len(certs[1].PassageCertifications.Passage) != 2 ||
		certs[1].PassageCertifications.Passage[0].IDTechnique != "0b9d7c1e-0000-4000-8000-000000000001" {
		t.Fatalf("grouping: %+v", certs)
	}
}

func codes(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Code+" "+p.Field)
	}
	return out
}

func TestValidateCatchesSchemaFaults(t *testing.T) {
	p := holder(t)
	p.BirthName = strings.Repeat("é", 61)
	p.Sex = ""
	p.Mention = "MENTION_PASSABLE"
	p.BirthYear = 1899
	p.BirthINSEE = "6912"
	in := flux(p)
	in.ClientID = "TOOLONG123"
	got := codes(Validate(Build(in)))
	want := []string{"ACCROCHAGE_TOO_LONG emetteur/idClient", "ACCROCHAGE_TOO_LONG certificateur/idClient",
		"ACCROCHAGE_BAD_VALUE mentionValidee", "ACCROCHAGE_NAME_TOO_LONG nomNaissance",
		"ACCROCHAGE_BAD_BIRTH_YEAR anneeNaissance", "ACCROCHAGE_NO_SEX sexe", "ACCROCHAGE_BAD_BIRTH_CODE codeInsee"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	f := Build(flux(holder(t)))
	f.Horodatage = "2024-09-02T08:30:15Z"
	f.Emetteur.Certificateurs.Certificateur = append(f.Emetteur.Certificateurs.Certificateur, f.Emetteur.Certificateurs.Certificateur[0])
	got = codes(Validate(f))
	want = []string{"ACCROCHAGE_BAD_DATE horodatage", "ACCROCHAGE_BAD_VALUE certificateur"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

func TestParseAck(t *testing.T) {
	f, err := os.Open(testdata + "accuse-de-traitement-example.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := ParseAck(f)
	if err != nil {
		t.Fatal(err)
	}
	want := &Ack{FileName: "5d0c1a52-7d34-4e0b-9a51-0c2f8e1b7a10.xml", IDFlux: "5d0c1a52-7d34-4e0b-9a51-0c2f8e1b7a10", IDTraitement: "51354",
		OK: []string{"P-2025-000011", "P-2025-000012"},
		KO: []AckKO{{"P-2025-000017", "Aucun titulaire ne correspond aux critères obligatoires"}, {"P-2025-000021", "Plusieurs titulaires ont été identifiés"}}}
	if !reflect.DeepEqual(a, want) {
		t.Fatalf("got %+v", a)
	}
	// Prefixes and case vary.
	b, err := ParseAck(strings.NewReader(`<a:RAPPORT xmlns:a="x"><a:IDFLUX>F1</a:IDFLUX><a:passagesok><a:IdTechnique>T1</a:IdTechnique></a:passagesok></a:RAPPORT>`))
	if err != nil || b.IDFlux != "F1" || len(b.OK) != 1 || b.OK[0] != "T1" {
		t.Fatalf("tolerant parse: %+v %v", b, err)
	}
	for name, doc := range map[string]string{
		"a flux":     `<cpf:flux xmlns:cpf="urn:cdc:cpf:pc5:schema:1.0.0"><cpf:idFlux>x</cpf:idFlux></cpf:flux>`,
		"not XML":    "idFlux;idTechnique\n",
		"entity":     `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rapport><idFlux>&x;</idFlux><PassagesOK/></rapport>`,
		"deep":       strings.Repeat("<a>", 100) + strings.Repeat("</a>", 100),
		"no id flux": `<rapport><PassagesOK><idTechnique>T</idTechnique></PassagesOK></rapport>`,
	} {
		if _, err := ParseAck(strings.NewReader(doc)); err == nil {
			t.Errorf("%s: accepted as a processing report", name)
		}
	}
}

func TestEmbeddedXSDIsTheTestdataOne(t *testing.T) {
	b, err := os.ReadFile(testdata + "cdc-accrochage-cpf-v2.0.0.xsd")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, XSD) {
		t.Fatal("embedded XSD differs from testdata/cdc")
	}
}
