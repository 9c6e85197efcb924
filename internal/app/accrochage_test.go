package app_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cpf"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/sqlite"
)

func acCodec(t *testing.T) app.AccrochageCodec {
	return app.AccrochageCodec{
		Write: cpf.WriteFlux,
		Check: cpf.Problems,
		Validate: func(path string) error {
			if _, err := exec.LookPath("xmllint"); err != nil {
				if os.Getenv("HABIL_TEST_STRICT") == "1" {
					t.Fatal("xmllint is not installed and HABIL_TEST_STRICT=1")
				}
				t.Log("SKIP: xmllint is not installed: XSD validation not run")
				return nil
			}
			out, err := exec.Command("xmllint", "--noout", "--schema", "../../testdata/cdc/cdc-accrochage-cpf-v2.0.0.xsd", path).CombinedOutput()
			if err != nil {
				return fmt.Errorf("%v: %s", err, out)
			}
			return nil
		},
		ParseAck: func(r io.Reader) (*app.AccrochageAck, error) {
			id, tr, ans, err := cpf.ReadAck(r)
			if err != nil {
				return nil, err
			}
			return &app.AccrochageAck{IDFlux: id, IDTraitement: tr, Answers: ans}, nil
		},
	}
}

// acHolders records a delivered session of RNCP35419 with three admitted
// candidates (one without a sex recorded) and one failed; returns the
// certificate numbers of the admitted ones.
func acHolders(t *testing.T, db *sqlite.DB) []string {
	t.Helper()
	ckNetwork(t, db)
	var numbers []string
	ckUpdate(t, db, func(tx domain.Tx) error {
		s := &domain.Session{Certification: "RNCP35419", Partner: "85262016007290", Date: domain.MustDate("2025-10-06"),
			PostalCode: "69003", Mode: domain.ModeOnsite, JuryDate: domain.MustDate("2025-10-20"), DeliveredOn: domain.MustDate("2025-11-03")}
		if err := tx.CreateSession(s); err != nil {
			return err
		}
		c := func(name, first, sex, insee string) domain.Candidate {
			return domain.Candidate{BirthName: name, FirstNames: []string{first}, BirthDate: domain.MustDate("1992-03-04"), Sex: domain.Sex(sex), BirthINSEE: insee}
		}
		list := []*domain.Enrollment{
			{Candidate: c("D'Arcy-Lefèvre", "Zoé", "F", "69123"), Access: domain.AccessFC},
			{Candidate: c("Nguyễn", "Ánh", "", "99243"), Access: domain.AccessCL},
			{Candidate: c("Martin", "Paul", "M", "99352"), Access: domain.AccessVAE, VAEType: domain.VAEClassique},
			{Candidate: c("Petit", "Léo", "M", "75056"), Access: domain.AccessFI},
		}
		if _, err := tx.SaveEnrollments(s.ID, list); err != nil {
			return err
		}
		for i, e := range list {
			e.Result = domain.ResultAdmitted
			if i == 3 {
				e.Result = domain.ResultFailed
			}
		}
		if _, err := tx.SaveResults(s.ID, list); err != nil {
			return err
		}
		for _, e := range list[:3] {
			crt := &domain.Certificate{Kind: domain.KindCertificate, EnrollmentID: e.ID, Certification: "RNCP35419", Year: 2025,
				JuryDate: s.JuryDate, IssuedOn: s.DeliveredOn}
			if err := tx.AddCertificate(crt); err != nil {
				return err
			}
			numbers = append(numbers, crt.Number)
		}
		return nil
	})
	return numbers
}

func acStatus(t *testing.T, a *app.App) string {
	t.Helper()
	hs, err := a.AccrochageHolders(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range hs {
		s := h.CertificateNumber[len(h.CertificateNumber)-1:] + ":" + string(h.Passage.Status)
		if h.Passage.Message != "" {
			s += "(" + h.Passage.Message + ")"
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func TestAccrochageCycle(t *testing.T) {
	ctx := context.Background()
	me := *ckMe
	a, db := ckApp(t, &me)
	nums := acHolders(t, db)
	codec := acCodec(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "cdc.xml")
	ids := 0
	req := app.AccrochageRequest{Out: out, IDFlux: func() string { ids++; return fmt.Sprintf("flux-%d", ids) }}

	// No CDC identifiers: refused, naming the command that records them.
	_, err := a.WriteAccrochage(ctx, req, codec)
	if domain.KindOf(err) != domain.KindConflict || !strings.Contains(err.(*domain.Error).Hint, "habil init --cdc-client") {
		t.Fatalf("no CDC ids: %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("a file was written without CDC ids")
	}
	me.CDCClientID, me.CDCContract = "12ABC345", "MCFCER000123"
	ckUpdate(t, db, func(tx domain.Tx) error { _, _, err := tx.SaveCertifier(me); return err })

	// Pre-flight: the holder without a sex is listed, with the code.
	bad, err := a.AccrochageCheck(ctx, "", codec)
	if err != nil || len(bad) != 1 || bad[0].CertificateNumber != nums[1] || bad[0].Problems[0].Code != domain.AccrochageNoSex {
		t.Fatalf("pre-flight: %+v %v", bad, err)
	}

	res, err := a.WriteAccrochage(ctx, req, codec)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 1 || res.Files[0].Passages != 2 || len(res.Unsendable) != 1 || res.Files[0].IDFlux != "flux-1" {
		t.Fatalf("first send: %+v", res)
	}
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v", st.Mode().Perm())
	}
	b, _ := os.ReadFile(out)
	for _, want := range []string{"<cpf:codePaysNaissance>352</cpf:codePaysNaissance>", "<cpf:voieAccessVAE>VAE_CLASSIQUE</cpf:voieAccessVAE>",
		"<cpf:dateDebutValidite>2025-10-20</cpf:dateDebutValidite>", "<cpf:idClient>12ABC345</cpf:idClient>"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("missing %s", want)
		}
	}
	if got := acStatus(t, a); got != "1:pending 2: 3:pending" {
		t.Fatalf("after the send: %s", got)
	}

	// Pending passages are not sent again: nothing to send, no file.
	os.Remove(out)
	res, err = a.WriteAccrochage(ctx, req, codec)
	if err != nil || len(res.Files) != 0 || res.Pending != 2 {
		t.Fatalf("second run: %+v %v", res, err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("a file was written with nothing to send")
	}

	hs, _ := a.AccrochageHolders(ctx, "")
	id1, id3 := hs[0].Passage.IDTechnique, hs[2].Passage.IDTechnique
	ack := func(flux, body string) string {
		p := filepath.Join(dir, "ack-"+flux+".xml")
		os.WriteFile(p, []byte(`<?xml version="1.0"?><ns2:rapport xmlns:ns2="urn:cdc:cpf:pc5:rapport:schema"><idFlux>`+flux+`</idFlux>`+body+`</ns2:rapport>`), 0o600)
		return p
	}
	// Bad reports: exit 3, nothing recorded.
	for name, p := range map[string]string{
		"unknown flux":    ack("flux-9", `<PassagesOK><idTechnique>`+id1+`</idTechnique></PassagesOK>`),
		"unknown passage": ack("flux-1", `<PassagesOK><idTechnique>`+id1+`</idTechnique><idTechnique>nope</idTechnique></PassagesOK>`),
		"not a report":    out + ".none",
	} {
		if name == "not a report" {
			os.WriteFile(p, []byte("<html/>"), 0o600)
		}
		if _, err := a.RecordAccrochageAck(ctx, p, domain.Date{}, codec); domain.KindOf(err) != domain.KindRejected {
			t.Errorf("%s: %v", name, err)
		}
	}
	if got := acStatus(t, a); got != "1:pending 2: 3:pending" {
		t.Fatalf("a bad report changed something: %s", got)
	}
	r, err := a.RecordAccrochageAck(ctx, ack("flux-1", `<PassagesKO><passage><idTechnique>`+id3+`</idTechnique><messageErreur>Aucun titulaire ne correspond aux critères obligatoires</messageErreur></passage></PassagesKO><PassagesOK><idTechnique>`+id1+`</idTechnique></PassagesOK>`), domain.Date{}, codec)
	if err != nil || r.OK != 1 || r.KO != 1 {
		t.Fatalf("ack: %+v %v", r, err)
	}
	if got := acStatus(t, a); got != "1:ok 2: 3:ko(Aucun titulaire ne correspond aux critères obligatoires)" {
		t.Fatalf("after the ack: %s", got)
	}

	// The KO goes again (same idTechnique), never the OK one.
	res, err = a.WriteAccrochage(ctx, req, codec)
	if err != nil || len(res.Files) != 1 || res.Files[0].Passages != 1 || res.Sent[0].CertificateNumber != nums[2] || res.Sent[0].IDTechnique != id3 {
		t.Fatalf("re-send: %+v %v", res, err)
	}
	// --resend-pending sends it once more; a preview marks nothing.
	pre := req
	pre.Out, pre.Preview, pre.ResendPending, pre.At = filepath.Join(dir, "preview.xml"), true, true, domain.MustDate("2026-02-01")
	res, err = a.WriteAccrochage(ctx, pre, codec)
	if err != nil || len(res.Files) != 1 || res.Files[0].Passages != 1 {
		t.Fatalf("preview: %+v %v", res, err)
	}
	res2, _ := a.WriteAccrochage(ctx, pre, codec)
	if res2.Files[0].SHA256 != res.Files[0].SHA256 {
		t.Error("the preview is not reproducible")
	}
	if got := acStatus(t, a); got != "1:ok 2: 3:pending" {
		t.Fatalf("the preview marked something: %s", got)
	}

	// Close it by certificate number: out of every later file.
	if _, err := a.CloseAccrochage(ctx, nums[2], ""); domain.KindOf(err) != domain.KindInvalid {
		t.Errorf("close without reason: %v", err)
	}
	if _, err := a.CloseAccrochage(ctx, nums[0], "x"); domain.KindOf(err) != domain.KindConflict {
		t.Errorf("close an OK passage: %v", err)
	}
	if _, err := a.CloseAccrochage(ctx, "nope", "x"); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("close an unknown passage: %v", err)
	}
	p, err := a.CloseAccrochage(ctx, nums[2], "pas de numéro de sécurité sociale français")
	if err != nil || p.Status != domain.AccrochageClosed {
		t.Fatalf("close: %+v %v", p, err)
	}
	pre.Preview = false
	res, err = a.WriteAccrochage(ctx, pre, codec)
	if err != nil || len(res.Files) != 0 {
		t.Fatalf("after close: %+v %v", res, err)
	}
}

func TestAccrochageSplit(t *testing.T) {
	ctx := context.Background()
	me := *ckMe
	me.CDCClientID, me.CDCContract = "12ABC345", "MCFCER000123"
	a, db := ckApp(t, &me)
	acHolders(t, db)
	out := filepath.Join(t.TempDir(), "a.xml")
	// One file is still numbered when --max-passages is given.
	pre, err := a.AccrochagePreview(ctx, filepath.Join(filepath.Dir(out), "p.xml"), domain.MustDate("2026-02-01"), acCodec(t))
	if err != nil || len(pre.Files) != 1 || pre.Files[0].Passages != 2 {
		t.Fatalf("preview: %+v %v", pre, err)
	}
	one, err := a.WriteAccrochage(ctx, app.AccrochageRequest{Out: out, MaxPassages: 10, Preview: true, At: domain.MustDate("2026-02-01")}, acCodec(t))
	if err != nil || len(one.Files) != 1 || one.Files[0].Path != strings.TrimSuffix(out, ".xml")+"-1.xml" {
		t.Fatalf("one numbered file: %+v %v", one, err)
	}
	res, err := a.WriteAccrochage(ctx, app.AccrochageRequest{Out: out, MaxPassages: 1}, acCodec(t))
	if err != nil || len(res.Files) != 2 {
		t.Fatalf("split: %+v %v", res, err)
	}
	for i, f := range res.Files {
		if f.Path != strings.TrimSuffix(out, ".xml")+fmt.Sprintf("-%d.xml", i+1) || f.Passages != 1 {
			t.Errorf("file %d: %+v", i, f)
		}
	}
	if res.Files[0].IDFlux == res.Files[1].IDFlux {
		t.Error("two files share an idFlux")
	}
}

// TestAccrochageSplitsAtTheCDCLimit: without --max-passages, a file that
// would pass the CDC's limit (200 MB; a few kilobytes here) is split into
// numbered files that each stay under it, every passage in one of them.
func TestAccrochageSplitsAtTheCDCLimit(t *testing.T) {
	ctx := context.Background()
	me := *ckMe
	me.CDCClientID, me.CDCContract = "12ABC345", "MCFCER000123"
	a, db := ckApp(t, &me)
	acHolders(t, db)
	out := filepath.Join(t.TempDir(), "a.xml")
	whole, err := a.WriteAccrochage(ctx, app.AccrochageRequest{Out: out, Preview: true, At: domain.MustDate("2026-02-01")}, acCodec(t))
	if err != nil || len(whole.Files) != 1 || whole.AutoSplit {
		t.Fatalf("under the limit: %+v %v", whole, err)
	}
	defer func(l int64) { app.AccrochageFileLimit = l }(app.AccrochageFileLimit)
	app.AccrochageFileLimit = whole.Files[0].Size * 10 / 13 // one file would pass 90 % of it
	res, err := a.WriteAccrochage(ctx, app.AccrochageRequest{Out: out, Preview: true, At: domain.MustDate("2026-02-01")}, acCodec(t))
	if err != nil || !res.AutoSplit || len(res.Files) != 2 {
		t.Fatalf("over the limit: %+v %v", res, err)
	}
	n := 0
	for i, f := range res.Files {
		if f.Path != strings.TrimSuffix(out, ".xml")+fmt.Sprintf("-%d.xml", i+1) || f.Size > app.AccrochageFileLimit {
			t.Errorf("file %d: %+v (limit %d)", i, f, app.AccrochageFileLimit)
		}
		n += f.Passages
	}
	if n != whole.Files[0].Passages {
		t.Errorf("%d passages in the split files, %d in one", n, whole.Files[0].Passages)
	}
}
