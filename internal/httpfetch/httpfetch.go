// Package httpfetch wraps net/http to fetch one web page as evidence: a
// bounded time (10 seconds by default), a bounded size (5 MB by default:
// reading stops there), at most 5 redirects, http and https only, and
// nothing is ever executed (the body is only read and hashed).
package httpfetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults of Options.
const (
	DefaultTimeout      = 10 * time.Second
	DefaultMaxBytes     = 5 << 20
	DefaultMaxRedirects = 5
)

// Kind says why a page could not be fetched ("" when it was).
type Kind string

const (
	KindOK         Kind = ""
	KindInvalidURL Kind = "invalid-url"
	KindNetwork    Kind = "network"
	KindTimeout    Kind = "timeout"
	KindRedirects  Kind = "redirects"
	KindTooLarge   Kind = "too-large"
	KindCanceled   Kind = "canceled"
)

// Options bound a fetch; zero values take the defaults.
type Options struct {
	Timeout      time.Duration
	MaxBytes     int64
	MaxRedirects int
	// UserAgent is sent as User-Agent ("habil" when empty).
	UserAgent string
}

// Result is what one fetch brought back.
type Result struct {
	URL         string // as asked
	FinalURL    string // after redirects
	Status      int    // HTTP status, 0 when no response
	ContentType string
	Body        []byte // at most MaxBytes
	SHA256      string // hex SHA-256 of Body ("" when nothing was read)
	Size        int64  // len(Body)
	Kind        Kind
	// Problem says in one English sentence why the page could not be
	// fetched ("" when it was; an HTTP error status is not a problem here).
	Problem string
}

// Fetcher fetches pages with its options.
type Fetcher struct {
	opt    Options
	client *http.Client
}

var errRedirects = errors.New("too many redirects")
var errScheme = errors.New("redirect to a non-http scheme")

// New returns a Fetcher with o (defaults filled).
func New(o Options) *Fetcher {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.UserAgent == "" {
		o.UserAgent = "habil (website check)"
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.ResponseHeaderTimeout = o.Timeout
	c := &http.Client{
		Timeout:   o.Timeout,
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > o.MaxRedirects {
				return errRedirects
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return errScheme
			}
			return nil
		},
	}
	return &Fetcher{opt: o, client: c}
}

// Fetch gets raw (http or https). It never returns an error: what went wrong
// is in Result.Kind and Result.Problem.
func (f *Fetcher) Fetch(ctx context.Context, raw string) Result {
	r := Result{URL: raw, FinalURL: raw}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		r.Kind, r.Problem = KindInvalidURL, fmt.Sprintf("%q is not an http or https address", raw)
		return r
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		r.Kind, r.Problem = KindInvalidURL, fmt.Sprintf("%q is not a valid address", raw)
		return r
	}
	req.Header.Set("User-Agent", f.opt.UserAgent)
	req.Header.Set("Accept", "text/html, text/plain;q=0.9, */*;q=0.1")
	resp, err := f.client.Do(req)
	if err != nil {
		r.Kind, r.Problem = f.classify(ctx, err)
		return r
	}
	defer resp.Body.Close()
	r.Status = resp.StatusCode
	r.ContentType = resp.Header.Get("Content-Type")
	if resp.Request != nil && resp.Request.URL != nil {
		r.FinalURL = resp.Request.URL.String()
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.opt.MaxBytes+1))
	if int64(len(body)) > f.opt.MaxBytes {
		body = body[:f.opt.MaxBytes]
		r.Kind, r.Problem = KindTooLarge, fmt.Sprintf("the page is larger than %s: reading stopped there", sizeText(f.opt.MaxBytes))
	} else if err != nil {
		r.Kind, r.Problem = f.classify(ctx, err)
	}
	r.Body, r.Size = body, int64(len(body))
	if len(body) > 0 {
		sum := sha256.Sum256(body)
		r.SHA256 = hex.EncodeToString(sum[:])
	}
	return r
}

func (f *Fetcher) classify(ctx context.Context, err error) (Kind, string) {
	var ne net.Error
	switch {
	case ctx.Err() != nil:
		return KindCanceled, "the check was interrupted"
	case errors.Is(err, errRedirects):
		return KindRedirects, fmt.Sprintf("more than %d redirects (a redirect loop?)", f.opt.MaxRedirects)
	case errors.Is(err, errScheme):
		return KindRedirects, "redirected to an address that is not http or https"
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		return KindTimeout, fmt.Sprintf("no complete answer within %s (timeout)", f.opt.Timeout)
	}
	msg := err.Error()
	var ue *url.Error
	if errors.As(err, &ue) {
		msg = ue.Err.Error()
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		msg = "the host " + dns.Name + " is unknown (DNS)"
	} else if strings.Contains(msg, "connection refused") {
		msg = "the connection was refused"
	}
	return KindNetwork, "network error: " + msg
}

func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
