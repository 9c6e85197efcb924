package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/domain"
)

// wbApp: certifier "Académie" with RNCP36141 "Chargé de projets" (blocs
// BC01 "A", BC02 "B") and RS5568 "Tutorat"; partner paSIRET habilitated on
// RNCP36141 bloc BC01 only, NDA 11755555575, website https://formapro.example/.
func wbApp(t *testing.T) *app.App {
	t.Helper()
	a := paRegister(t)
	ctx := context.Background()
	paMust(t, a.Store.Update(ctx, func(tx domain.Tx) error {
		_, err := tx.SaveCertification(&domain.Certification{Code: "RS5568", Title: "Tutorat en entreprise", EndDate: domain.MustDate("2028-12-31")})
		return err
	}))
	_, err := a.AddPartner(ctx, &domain.Partner{SIRET: paSIRET, Name: "Formapro", Status: domain.StatusActive, NDA: "11755555575",
		Website: "formapro.example"}, domain.MustDate("2025-01-01"), "")
	paMust(t, err)
	paMust(t, a.Store.Update(ctx, func(tx domain.Tx) error {
		return tx.AddHabilitation(&domain.Habilitation{PartnerSIRET: paSIRET, Certification: "RNCP36141", Scope: domain.ScopeTrain,
			Blocs: []string{"RNCP36141BC01"}, From: domain.MustDate("2025-01-01")})
	}))
	return a
}

const wbGood = `<html><head><title>Formapro</title><style>.x{}</style><script>var s="RS5568";</script></head>
<body><h1>Chargé de projets</h1><p>RNCP36141 &ndash; certification délivrée par l&#39;Acad&eacute;mie.</p>
<p>Bloc RNCP36141BC01 : A</p>
<footer>Déclaration d'activité 117 555 555 75. Cet enregistrement ne vaut pas agrément de l'État.</footer></body></html>`

func wbRun(t *testing.T, a *app.App, page app.WebPage, in app.WebCheckInput) *app.WebCheckResult {
	t.Helper()
	in.At = domain.MustDate("2026-03-15")
	in.Fetch = func(ctx context.Context, url string) app.WebPage { return page }
	if in.SIRETs == nil {
		in.SIRETs = []domain.SIRET{paSIRET}
	}
	res, err := a.CheckWebsites(context.Background(), in)
	paMust(t, err)
	return res
}

func wbCodes(res *app.WebCheckResult) string {
	var l []string
	for _, f := range res.Findings {
		l = append(l, f.Code)
	}
	return strings.Join(l, ",")
}

func html(s string) app.WebPage {
	return app.WebPage{Status: 200, ContentType: "text/html; charset=utf-8", Body: []byte(s), SHA256: "abc", Size: int64(len(s))}
}

func TestWebCompliantPageIsRecordedWithItsEvidence(t *testing.T) {
	a := wbApp(t)
	res := wbRun(t, a, html(wbGood), app.WebCheckInput{})
	if got := wbCodes(res); got != "" {
		t.Fatalf("findings %s: %+v", got, res.Findings)
	}
	var checks []domain.WebCheck
	paMust(t, a.Store.Read(context.Background(), func(r domain.Reader) error {
		var err error
		checks, err = r.WebChecks(domain.AuditFilter{})
		return err
	}))
	if len(checks) != 1 || checks[0].URL != "https://formapro.example" || checks[0].SHA256 != "abc" || checks[0].HTTPStatus != 200 ||
		checks[0].CheckedOn.String() != "2026-03-15" || len(checks[0].Findings) != 0 {
		t.Fatalf("recorded %+v", checks)
	}
}

func TestWebFindings(t *testing.T) {
	for _, c := range []struct {
		name, page, want string
	}{
		{"certifier missing", strings.ReplaceAll(wbGood, "l&#39;Acad&eacute;mie", "nous"), "WEB_CERTIFIER_MISSING"},
		{"certification not habilitated", wbGood + "<p>Aussi : RS 5568 Tutorat en entreprise</p>", "WEB_NOT_HABILITATED"},
		{"bloc not habilitated", wbGood + "<p>RNCP36141BC02 B</p>", "WEB_NOT_HABILITATED"},
		{"another certifier's code is not ours to judge", wbGood + "<p>RNCP99999</p>", ""},
		{"inexact title", strings.ReplaceAll(wbGood, "<h1>Chargé de projets</h1>", "<h1>Chef de projet</h1>"), "WEB_TITLE_INEXACT"},
		{"inexact bloc title", strings.ReplaceAll(wbGood, "RNCP36141BC01 : A", "RNCP36141BC01 : Gestion"), "WEB_TITLE_INEXACT"},
		{"certification missing", "<p>Formations par l'Académie</p>", "WEB_CERTIFICATION_MISSING"},
		{"title only is enough", "<p>Chargé de projets, Académie</p>", ""},
		{"NDA without the sentence", strings.ReplaceAll(wbGood, "Cet enregistrement ne vaut pas agrément de l'État.", ""), "WEB_NDA_MENTION"},
		{"script text is not visible", strings.ReplaceAll(wbGood, "<p>RNCP36141 &ndash;", "<script>RNCP36141</script><p>"), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := wbRun(t, wbApp(t), html(c.page), app.WebCheckInput{})
			if got := wbCodes(res); got != c.want {
				t.Fatalf("findings %q, want %q: %+v", got, c.want, res.Findings)
			}
			for _, f := range res.Findings {
				if f.SIRET != string(paSIRET) || f.URL != "https://formapro.example" || !strings.Contains(f.Message, "Formapro") {
					t.Errorf("finding %+v", f)
				}
				if f.Code == app.WebNotHabilitated && f.Severity != domain.SeverityError {
					t.Errorf("severity %s", f.Severity)
				}
				if f.Code != app.WebNotHabilitated && f.Severity != domain.SeverityWarning {
					t.Errorf("severity %s", f.Severity)
				}
			}
		})
	}
}

func TestWebUnreachableIsAFindingNotAFailure(t *testing.T) {
	for _, c := range []struct {
		name string
		page app.WebPage
		msg  string
	}{
		{"closed port", app.WebPage{Problem: "network error: the connection was refused"}, "refused"},
		{"404", app.WebPage{Status: 404, Body: []byte("not found")}, "HTTP 404"},
		{"loop", app.WebPage{Status: 302, Problem: "more than 5 redirects (a redirect loop?)"}, "redirect"},
		{"huge", app.WebPage{Status: 200, Problem: "the page is larger than 5 MB: reading stopped there", Size: 5 << 20, SHA256: "h"}, "5 MB"},
		{"timeout", app.WebPage{Problem: "no complete answer within 10s (timeout)"}, "timeout"},
		{"pdf", app.WebPage{Status: 200, ContentType: "application/pdf", Body: []byte("%PDF RNCP12345")}, "not HTML (application/pdf)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := wbApp(t)
			res := wbRun(t, a, c.page, app.WebCheckInput{})
			if len(res.Findings) != 1 || res.Findings[0].Code != app.WebUnreachable || !strings.Contains(res.Findings[0].Message, c.msg) {
				t.Fatalf("findings %+v", res.Findings)
			}
			if len(res.Checks) != 1 || res.Checks[0].ID == 0 || res.Checks[0].Error != c.page.Problem {
				t.Fatalf("checks %+v", res.Checks)
			}
		})
	}
}

func TestWebTargets(t *testing.T) {
	a := wbApp(t)
	ctx := context.Background()
	_, err := a.AddPartner(ctx, &domain.Partner{SIRET: paSIRET2, Name: "Sans Site", Status: domain.StatusActive}, domain.MustDate("2025-01-01"), "")
	paMust(t, err)
	var asked []string
	res, err := a.CheckWebsites(ctx, app.WebCheckInput{At: domain.MustDate("2026-03-15"),
		Fetch: func(ctx context.Context, url string) app.WebPage { asked = append(asked, url); return html(wbGood) }})
	paMust(t, err)
	if strings.Join(asked, " ") != "https://formapro.example" || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "Sans Site") {
		t.Fatalf("asked %v, notes %v", asked, res.Notes)
	}
	// --url replaces the website of one partner.
	asked = nil
	_, err = a.CheckWebsites(ctx, app.WebCheckInput{SIRETs: []domain.SIRET{paSIRET2}, URL: "http://x.example/page", At: domain.MustDate("2026-03-15"),
		Fetch: func(ctx context.Context, url string) app.WebPage { asked = append(asked, url); return html(wbGood) }})
	paMust(t, err)
	if strings.Join(asked, " ") != "http://x.example/page" {
		t.Fatalf("asked %v", asked)
	}
	_, err = a.CheckWebsites(ctx, app.WebCheckInput{URL: "http://x.example/", At: domain.MustDate("2026-03-15"), Fetch: func(ctx context.Context, url string) app.WebPage { return html("") }})
	paCode(t, err, "WEB_URL")
	_, err = a.CheckWebsites(ctx, app.WebCheckInput{SIRETs: []domain.SIRET{"44306184100047"}, At: domain.MustDate("2026-03-15"), Fetch: func(ctx context.Context, url string) app.WebPage { return html("") }})
	if domain.HintOf(err) == "" || !strings.Contains(domain.HintOf(err), "partner list") {
		t.Fatalf("unknown SIRET: %v", err)
	}
}

func TestWebInterruptedRecordsNothing(t *testing.T) {
	a := wbApp(t)
	ctx, cancel := context.WithCancel(context.Background())
	_, err := a.CheckWebsites(ctx, app.WebCheckInput{At: domain.MustDate("2026-03-15"),
		Fetch: func(c context.Context, url string) app.WebPage { cancel(); return app.WebPage{Canceled: true} }})
	if err == nil {
		t.Fatal("no error")
	}
	var n int
	paMust(t, a.Store.Read(context.Background(), func(r domain.Reader) error {
		l, err := r.WebChecks(domain.AuditFilter{})
		n = len(l)
		return err
	}))
	if n != 0 {
		t.Fatalf("%d checks recorded", n)
	}
}

func TestPageText(t *testing.T) {
	got := app.PageText(`<p>Caf&eacute; &amp; th&#233;</p><!-- RNCP1 --><style>p{}</style><div>Fin&nbsp;!</div>`)
	if got != "Café & thé\nFin !" {
		t.Fatalf("%q", got)
	}
}
