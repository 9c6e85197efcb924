package audit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/httpfetch"
	"github.com/spf13/cobra"
)

// WebOptions are the flags of 'audit web'.
type WebOptions struct {
	SIRETs []string
	URL    string
	At     cmdutil.DateFlag
	// Timeout and MaxBytes bound each fetch (tests lower them).
	Timeout  time.Duration
	MaxBytes int64
}

// NewCmdWeb builds 'audit web'.
func NewCmdWeb(f *cmdutil.Factory, runF func(context.Context, *WebOptions) error) *cobra.Command {
	o := &WebOptions{}
	cmd := &cobra.Command{
		Use:   "web [SIRET]... [--url URL] [--at D]",
		Short: "Check partners' websites for what they claim (certifications, certifier, exact titles, NDA mention)",
		Long: `Fetch the website recorded for each partner (every active partner with a website when no SIRET
is given; --url checks another page of one partner) and check what it says against the register.
A recorded website without http:// or https:// is fetched over https.

Each page is fetched once, with a 10-second timeout, at most 5 MB read and at most 5 redirects,
http and https only; nothing on the page is ever executed: habil reads its visible text (scripts,
styles and comments left out). Each check is recorded with its date, the HTTP status and the
SHA-256 of what was fetched, as evidence; 'habil check' reports the problems of the last check of
each page as WEBSITE_FINDING.

Findings (codes fixed by the contract):
  WEB_NOT_HABILITATED        error    the page advertises a certification (RNCPnnnnn, RSnnnn) or a bloc
                                      (…BCnn) of this certifier that the partner is not habilitated for
  WEB_CERTIFICATION_MISSING  warning  the page names none of the certifications the partner is
                                      habilitated for, by code or exact title
  WEB_TITLE_INEXACT          warning  the page gives a code without the exact registered title of the
                                      certification, or of a bloc it shows (R6113-16-3 1°)
  WEB_CERTIFIER_MISSING      warning  the page does not name the certifier
  WEB_NDA_MENTION            warning  the page shows the partner's déclaration d'activité number without
                                      "Cet enregistrement ne vaut pas agrément de l'État" (L6352-12)
  WEB_UNREACHABLE            warning  network error, timeout, HTTP status 400 or more, redirect loop,
                                      page too large or not HTML: the message says which
Titles and names are compared without regard to case, accents, punctuation or spacing.

An unreachable site is a finding, not a failure: the command exits 0 whatever it finds (it collects
evidence; 'habil check' turns the results into warnings). A partner without a website is named on
stderr and not checked. --format json prints an array of {code, severity, subject, message,
certification, siret, convention, due_date, url} (null when a key does not apply).`,
		Example: `  habil audit web                                   # every active partner with a website
  habil audit web 73282932000074 --format json
  habil audit web 73282932000074 --url https://www.formapro.fr/formations/chef-de-projet`,
		Args: func(cmd *cobra.Command, args []string) error { return nil },
		RunE: func(cmd *cobra.Command, args []string) error {
			o.SIRETs = args
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return webRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.URL, "url", "", "check this address instead of the recorded website (exactly one SIRET)")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func webRun(ctx context.Context, f *cmdutil.Factory, o *WebOptions) error {
	var sirets []domain.SIRET
	for _, s := range o.SIRETs {
		siret, err := domain.ParseSIRET(s)
		if err != nil {
			return cmdutil.FlagValue("SIRET", err)
		}
		sirets = append(sirets, siret)
	}
	if o.URL != "" && len(sirets) != 1 {
		return cmdutil.FlagErrorf("--url replaces the website of one partner: give exactly one SIRET")
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	at := f.At(&o.At)
	fetcher := httpfetch.New(httpfetch.Options{Timeout: o.Timeout, MaxBytes: o.MaxBytes})
	fetch := func(ctx context.Context, url string) app.WebPage {
		r := fetcher.Fetch(ctx, url)
		return app.WebPage{FinalURL: r.FinalURL, Status: r.Status, ContentType: r.ContentType, Body: r.Body, SHA256: r.SHA256,
			Size: r.Size, Problem: r.Problem, Canceled: r.Kind == httpfetch.KindCanceled}
	}
	w := f.IOStreams.ErrOut
	res, err := a.CheckWebsites(ctx, app.WebCheckInput{SIRETs: sirets, URL: o.URL, At: at, Fetch: fetch})
	if err != nil {
		return err
	}
	for _, n := range res.Notes {
		fmt.Fprintln(w, "note: "+n)
	}
	partners := map[domain.SIRET]bool{}
	for _, c := range res.Checks {
		partners[c.PartnerSIRET] = true
	}
	n := cmdutil.FindingCounts(res.Findings)
	fmt.Fprintf(w, "Checked %s of %s at %s: %s, %s.\n", cmdutil.Count(len(res.Checks), "page"), cmdutil.Count(len(partners), "partner"), at,
		cmdutil.Count(n[domain.SeverityError], "error"), cmdutil.Count(n[domain.SeverityWarning], "warning"))
	if len(res.Checks) > 0 {
		var ev []string
		for i, c := range res.Checks {
			h := c.SHA256
			if h == "" {
				h = "nothing fetched"
			} else {
				h = "sha256 " + h[:min(16, len(h))] + "…"
			}
			if fin := res.FinalURLs[i]; fin != "" && fin != c.URL {
				h += ", read at " + fin + " (redirected)"
			}
			ev = append(ev, fmt.Sprintf("  %s %s: HTTP %d, %d bytes, %s", c.PartnerSIRET, c.URL, c.HTTPStatus, c.Size, h))
		}
		fmt.Fprintln(w, "Evidence recorded ('habil check' reports the problems as WEBSITE_FINDING):\n"+strings.Join(ev, "\n"))
	}
	return cmdutil.PrintFindings(f.IOStreams, f.Format, res.Findings, cmdutil.FindingsOptions{URL: true,
		Empty: "No problem found on the pages checked."})
}
