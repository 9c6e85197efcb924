package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"

	_ "github.com/habil-app/habil/internal/csvfr"
)

// The tests of 'convention import' run over convApp: today is 2025-01-15,
// Formapro Lyon (85262016007290) is habilitated "both" on RNCP35419 from
// 2025-01-01 to 2026-12-31; Atelier Nord (73282932000074) on nothing.

const convImportHeader = "N° SIRET;Raison sociale;Code RNCP;Date de début;Date de fin;Date de signature;Référence;Redevance par candidat (€);Frais par examen;Forfait annuel\n"

// convImportFile is a valid file: a convention signed on 20/12/2024 with
// the certifier's own reference, and a draft.
const convImportFile = convImportHeader +
	"852 620 160 07290;Formapro Lyon;RNCP35419;01/01/2025;31/12/2025;20/12/2024;CP-2024-031;150,00 €;75,50;1 200,00\n" +
	"85262016007290;Formapro Lyon;RNCP35419;2026-01-01;2026-12-31;;;160;;\n"

func convImport(t *testing.T, a *app.App, path string, dry bool) (*app.ConventionImportResult, error) {
	t.Helper()
	return a.ImportConventions(context.Background(), app.ConventionImportRequest{File: path, DryRun: dry, Changes: dry})
}

func convJournalCount(t *testing.T, a *app.App) int {
	t.Helper()
	n := 0
	err := a.Store.Read(context.Background(), func(r domain.Reader) error {
		l, err := r.JournalEntries(domain.JournalFilter{})
		n = len(l)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// convErrors returns the rejection's lines, failing when the import was accepted.
func convErrors(t *testing.T, res *app.ConventionImportResult, err error) string {
	t.Helper()
	convErr(t, err, domain.KindRejected, "IMPORT_REJECTED")
	var lines []string
	for _, e := range res.Errors.List() {
		lines = append(lines, e.String())
	}
	return strings.Join(lines, "\n")
}

func TestImportConventionsValidFile(t *testing.T) {
	a, _ := convApp(t)
	path := writeFile(t, "conventions.csv", convImportFile)
	res, err := convImport(t, a, path, false)
	if err != nil {
		t.Fatalf("import: %v (%v)", err, res.Errors.List())
	}
	if res.Conventions != (importer.Counts{Created: 2}) || res.Signed != 1 || res.Rows != 2 {
		t.Fatalf("counts %+v, signed %d, rows %d; want 2 created, 1 signed, 2 rows", res.Conventions, res.Signed, res.Rows)
	}
	// The historic convention: signed on its date, drawn up that day, numbered in that year, reference kept.
	signed := convStored(t, a, "CONV-2024-0001")
	tm := signed.Terms()
	if signed.Status != domain.ConventionSigned || signed.SignedOn != convDate("2024-12-20") || signed.CreatedOn != convDate("2024-12-20") ||
		signed.Reference != "CP-2024-031" || tm.Date != convDate("2024-12-20") {
		t.Errorf("historic convention: %s signed %s drawn up %s (v1 %s) ref %q", signed.Status, signed.SignedOn, signed.CreatedOn, tm.Date, signed.Reference)
	}
	if tm.Fees != (domain.Fees{PerCandidate: 15000, PerExam: 7550, FlatYearly: 120000}) || tm.From != convDate("2025-01-01") || tm.To != convDate("2025-12-31") || tm.Scope != domain.ScopeBoth {
		t.Errorf("historic convention terms %+v", tm)
	}
	if got := strings.Join(convActions(t, a, "1"), ","); got != "create,sign" {
		t.Errorf("journal of the historic convention: %s, want create,sign", got)
	}
	// The unsigned one: a draft drawn up today.
	draft := convStored(t, a, "CONV-2025-0001")
	if draft.Status != domain.ConventionDraft || draft.CreatedOn != convDate(convToday) || draft.Terms().Fees.PerCandidate != 16000 || draft.Reference != "" {
		t.Errorf("draft: %s drawn up %s fees %+v ref %q", draft.Status, draft.CreatedOn, draft.Terms().Fees, draft.Reference)
	}
	// Formapro's Qualiopi ends 2025-06-30, before both conventions: said for each.
	if len(res.Notes) != 2 || !strings.Contains(res.Notes[0], "Qualiopi") || !strings.Contains(res.Notes[1], "before the convention (2026-12-31)") {
		t.Errorf("notes %q, want the Qualiopi warning of each convention", res.Notes)
	}
}

func TestImportConventionsReimportChangesNothing(t *testing.T) {
	a, _ := convApp(t)
	path := writeFile(t, "conventions.csv", convImportFile)
	if _, err := convImport(t, a, path, false); err != nil {
		t.Fatal(err)
	}
	journal := convJournalCount(t, a)
	res, err := convImport(t, a, path, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Conventions != (importer.Counts{Unchanged: 2}) || res.Signed != 0 {
		t.Errorf("re-import: %+v, signed %d; want 2 unchanged", res.Conventions, res.Signed)
	}
	if n := convJournalCount(t, a); n != journal || convCount(t, a) != 2 {
		t.Errorf("re-import wrote: journal %d → %d, %d conventions", journal, n, convCount(t, a))
	}
}

func TestImportConventionsDryRunWritesNothing(t *testing.T) {
	a, _ := convApp(t)
	journal := convJournalCount(t, a)
	res, err := convImport(t, a, writeFile(t, "conventions.csv", convImportFile), true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Conventions.Created != 2 || res.Signed != 1 || len(res.Plan.Changes()) != 2 {
		t.Errorf("dry run plan: %+v signed %d, %d changes", res.Conventions, res.Signed, len(res.Plan.Changes()))
	}
	if c := res.Plan.Changes()[0]; c.Entity != "convention" || c.Action != importer.Create || c.Row != 2 ||
		!strings.Contains(strings.Join(c.Changes, "; "), "signed on: 2024-12-20") {
		t.Errorf("first change %+v", c)
	}
	if convCount(t, a) != 0 || convJournalCount(t, a) != journal {
		t.Errorf("the dry run wrote something")
	}
}

func TestImportConventionsListsEveryError(t *testing.T) {
	a, _ := convApp(t)
	journal := convJournalCount(t, a)
	path := writeFile(t, "bad.csv", convImportHeader+
		"85262016007290;;RNCP99999;01/01/2025;31/12/2025;;;;;\n"+ // 2: unknown certification
		"59214157663524;;RNCP35419;01/01/2025;31/12/2025;;;;;\n"+ // 3: unknown partner
		"85262016007290;;RNCP35419;01/03/2025;30/06/2027;;;;;\n"+ // 4: beyond the habilitation (ends 2026-12-31)
		"85262016007290;;RNCP35419;01/01/2025;31/03/2025;01/02/2025;A;;;\n"+ // 5: signed in the future
		"85262016007290;;RNCP35419;01/01/2025;31/03/2025;01/02/2025;B;;;\n"+ // 6: idem (and same period as row 5)
		"85262016007290;;RNCP35419;01/04/2025;30/06/2025;;;;;\n"+ // 7: fine
		"85262016007290;;RNCP35419;01/06/2025;31/12/2025;;;;;\n"+ // 8: overlaps row 7
		"73282932000074;;RNCP35419;01/01/2025;31/12/2025;;;;;\n"+ // 9: no habilitation
		"85262016007290;;RS5568;01/01/2025;31/12/2025;;;;;\n"+ // 10: no habilitation on the RS
		"85262016007290;;RNCP35419;01/10/2026;30/09/2026;;;;;\n") // 11: reversed dates
	res, err := convImport(t, a, path, false)
	got := convErrors(t, res, err)
	for _, want := range []string{
		"bad.csv:2:Code RNCP: CERTIFICATION_UNKNOWN: RNCP99999 is not in the database",
		"bad.csv:3:N° SIRET: PARTNER_UNKNOWN: 592 141 576 63524 is not in the partner register; import the partners",
		"bad.csv:4:Date de fin: CONVENTION_BEYOND_HABILITATION: ",
		"bad.csv:5:Date de signature: CONVENTION_SIGN_FUTURE: signed on 2025-02-01: that day is in the future (today is 2025-01-15)",
		"bad.csv:6:Date de signature: CONVENTION_SIGN_FUTURE: ",
		"bad.csv:8:Date de début: CONVENTION_OVERLAP: 2025-06-01 → 2025-12-31 overlaps the convention of row 7",
		"bad.csv:9:Code RNCP: CONVENTION_NO_HABILITATION: ",
		"bad.csv:10:Code RNCP: CONVENTION_NO_HABILITATION: ",
		"bad.csv:11:Date de fin: DATES_ORDER: ",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing error %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "bad.csv:7:") {
		t.Errorf("row 7 is valid, yet:\n%s", got)
	}
	if convCount(t, a) != 0 || convJournalCount(t, a) != journal {
		t.Errorf("a rejected file wrote something")
	}
}

func TestImportConventionsSignatureAfterEndAndFeeRules(t *testing.T) {
	a, db := convApp(t)
	ctx := context.Background()
	// Atelier Nord trains only: no fee per exam.
	if _, err := db.SQL().ExecContext(ctx, `INSERT INTO habilitation(partner_siret, certification, scope, blocs, access, date_from, date_to, created_at, updated_at)
		VALUES ('73282932000074', 'RS5568', 'train', '', '', '2024-01-01', '', 'x', 'x')`); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "bad.csv", convImportHeader+
		"85262016007290;;RNCP35419;01/01/2025;10/01/2025;12/01/2025;;;;\n"+ // signed after its end
		"73282932000074;;RS5568;01/01/2024;31/12/2024;;;90;50;\n"+ // a fee per exam on a train-only convention
		"73282932000074;;RS5568;01/01/2025;31/12/2025;;;-5;;\n") // a negative fee
	res, err := convImport(t, a, path, false)
	got := convErrors(t, res, err)
	for _, want := range []string{
		"bad.csv:2:Date de signature: CONVENTION_SIGN_DATE: signed on 2025-01-12, after the convention ends (2025-01-10)",
		"bad.csv:3:Frais par examen: FEE_PER_EXAM_WITHOUT_ASSESSMENT: ",
		"empty the fee per exam cell",
		"bad.csv:4:Redevance par candidat (€): FEE_NEGATIVE: ",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing error %q in:\n%s", want, got)
		}
	}
}

func TestImportConventionsOverlapWithARecordedConvention(t *testing.T) {
	a, _ := convApp(t)
	c := convCreate(t, a, "", "2025-02-01", "2025-12-31", domain.Fees{})
	res, err := convImport(t, a, writeFile(t, "c.csv", convImportHeader+"85262016007290;;RNCP35419;01/06/2025;31/12/2026;;;;;\n"), false)
	got := convErrors(t, res, err)
	if !strings.Contains(got, "c.csv:2:Date de début: CONVENTION_OVERLAP: "+c.Number) {
		t.Errorf("want the overlap with %s, got:\n%s", c.Number, got)
	}
}

func TestImportConventionsUpdatesAndSignsADraft(t *testing.T) {
	a, _ := convApp(t)
	first := writeFile(t, "v1.csv", convImportHeader+"85262016007290;;RNCP35419;01/02/2025;31/12/2025;;REF-7;150;;\n")
	if _, err := convImport(t, a, first, false); err != nil {
		t.Fatal(err)
	}
	// The same convention (same reference), with its real terms and its signature.
	second := writeFile(t, "v2.csv", convImportHeader+"85262016007290;;RNCP35419;01/01/2025;31/12/2026;10/01/2025;ref-7;180;;1 000\n")
	res, err := convImport(t, a, second, false)
	if err != nil {
		t.Fatalf("%v %v", err, res.Errors.List())
	}
	if res.Conventions != (importer.Counts{Updated: 1}) || res.Signed != 1 {
		t.Fatalf("counts %+v signed %d, want 1 updated and signed", res.Conventions, res.Signed)
	}
	c := convStored(t, a, "CONV-2025-0001")
	tm := c.Terms()
	if c.Status != domain.ConventionSigned || c.SignedOn != convDate("2025-01-10") || c.CreatedOn != convDate("2025-01-10") ||
		tm.From != convDate("2025-01-01") || tm.To != convDate("2026-12-31") || tm.Fees != (domain.Fees{PerCandidate: 18000, FlatYearly: 100000}) || len(c.Versions) != 1 {
		t.Errorf("after the second import: %s signed %s drawn up %s, terms %+v, %d versions", c.Status, c.SignedOn, c.CreatedOn, tm, len(c.Versions))
	}
	if got := strings.Join(convActions(t, a, "1"), ","); got != "create,edit,sign" {
		t.Errorf("journal %s, want create,edit,sign", got)
	}
	// Now signed: other terms are refused, an avenant is needed.
	third := writeFile(t, "v3.csv", convImportHeader+"85262016007290;;RNCP35419;01/01/2025;31/12/2026;10/01/2025;REF-7;200;;1 000\n")
	res, err = convImport(t, a, third, false)
	got := convErrors(t, res, err)
	if !strings.Contains(got, "v3.csv:2:Redevance par candidat (€): CONVENTION_TERMS_SIGNED: CONV-2025-0001 is signed") ||
		!strings.Contains(got, "an avenant is needed: habil convention amend 1") {
		t.Errorf("changing a signed convention:\n%s", got)
	}
	// Another signature date is refused too.
	fourth := writeFile(t, "v4.csv", convImportHeader+"85262016007290;;RNCP35419;01/01/2025;31/12/2026;11/01/2025;REF-7;180;;1 000\n")
	res, err = convImport(t, a, fourth, false)
	if got := convErrors(t, res, err); !strings.Contains(got, "v4.csv:2:Date de signature: CONVENTION_SIGNED_DATE: CONV-2025-0001 is recorded as signed on 2025-01-10") {
		t.Errorf("changing a signature date:\n%s", got)
	}
	if tm := convStored(t, a, "1").Terms(); tm.Fees.PerCandidate != 18000 {
		t.Errorf("a refused import changed the fees: %+v", tm.Fees)
	}
}

func TestImportConventionsRecordsTheReferenceOfAConventionFoundByItsDates(t *testing.T) {
	a, _ := convApp(t)
	c := convCreate(t, a, "", "2025-02-01", "2025-12-31", domain.Fees{PerCandidate: 15000})
	if _, err := convSign(a, c.Number, convDate("2025-01-14")); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "c.csv", convImportHeader+"85262016007290;;RNCP35419;01/02/2025;31/12/2025;14/01/2025;CP-9;150;;\n")
	res, err := convImport(t, a, path, false)
	if err != nil {
		t.Fatalf("%v %v", err, res.Errors.List())
	}
	if res.Conventions != (importer.Counts{Updated: 1}) || res.Signed != 0 {
		t.Errorf("counts %+v signed %d, want the reference recorded (1 updated)", res.Conventions, res.Signed)
	}
	if got := convStored(t, a, c.Number); got.Reference != "CP-9" || got.Status != domain.ConventionSigned {
		t.Errorf("reference %q status %s", got.Reference, got.Status)
	}
	// A second row giving the same convention is a duplicate.
	dup := writeFile(t, "dup.csv", convImportHeader+
		"85262016007290;;RNCP35419;01/02/2025;31/12/2025;14/01/2025;CP-9;150;;\n"+
		"85262016007290;;RNCP35419;01/02/2025;31/12/2025;14/01/2025;CP-9;150;;\n")
	res, err = convImport(t, a, dup, false)
	if got := convErrors(t, res, err); !strings.Contains(got, "dup.csv:3:Référence: DUPLICATE_ROW: row 2 already gives this convention") {
		t.Errorf("duplicate rows:\n%s", got)
	}
}

func TestConventionImportSchemaHeaders(t *testing.T) {
	if err := app.ConventionImportSchema.Validate(); err != nil {
		t.Fatal(err)
	}
	// The contract's headers and an office's usual variants.
	for header, key := range map[string]string{
		"siret": "siret", "N° SIRET": "siret", "code rncp/rs": "certification", "Code RS": "certification", "certification": "certification",
		"date de debut": "from", "Date début": "from", "Début": "from", "date de fin": "to", "Date fin": "to",
		"date de signature": "signed_on", "reference": "reference", "Référence": "reference",
		"redevance par candidat": "fee_per_candidate", "Redevance par candidat (€)": "fee_per_candidate",
		"frais par examen": "fee_per_exam", "Forfait annuel": "flat_fee",
	} {
		found := ""
		for _, f := range app.ConventionImportSchema.Fields {
			for _, h := range append([]string{f.Label}, f.Aliases...) {
				if domain.Fold(h) == domain.Fold(header) {
					found = f.Key
				}
			}
		}
		if found != key {
			t.Errorf("header %q → %q, want %s", header, found, key)
		}
	}
}
