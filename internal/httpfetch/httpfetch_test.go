package httpfetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func server(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<p>Bonjour</p>"))
	})
	mux.HandleFunc("/missing", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/r1", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusMovedPermanently) })
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		chunk := []byte(strings.Repeat("x", 1024))
		for i := 0; i < 100*1024; i++ { // 100 MB if read to the end
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
	})
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func TestFetchOK(t *testing.T) {
	s := server(t)
	r := New(Options{}).Fetch(context.Background(), s.URL+"/r1")
	if r.Kind != KindOK || r.Status != 200 || string(r.Body) != "<p>Bonjour</p>" || r.Size != 14 {
		t.Fatalf("got %+v", r)
	}
	sum := sha256.Sum256([]byte("<p>Bonjour</p>"))
	if r.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("sha256 %s", r.SHA256)
	}
	if !strings.HasSuffix(r.FinalURL, "/ok") || !strings.HasPrefix(r.ContentType, "text/html") {
		t.Errorf("final %s, type %s", r.FinalURL, r.ContentType)
	}
}

func TestFetch404IsAStatusNotAProblem(t *testing.T) {
	r := New(Options{}).Fetch(context.Background(), server(t).URL+"/missing")
	if r.Status != 404 || r.Kind != KindOK {
		t.Fatalf("got %+v", r)
	}
}

func TestFetchRedirectLoop(t *testing.T) {
	r := New(Options{}).Fetch(context.Background(), server(t).URL+"/loop")
	if r.Kind != KindRedirects || !strings.Contains(r.Problem, "more than 5 redirects") {
		t.Fatalf("got %+v", r)
	}
}

func TestFetchHugeStopsAtTheLimit(t *testing.T) {
	r := New(Options{MaxBytes: 64 << 10}).Fetch(context.Background(), server(t).URL+"/huge")
	if r.Kind != KindTooLarge || r.Size != 64<<10 || len(r.Body) != 64<<10 || !strings.Contains(r.Problem, "64 KB") {
		t.Fatalf("kind %s size %d problem %q", r.Kind, r.Size, r.Problem)
	}
	if r.SHA256 == "" {
		t.Error("no hash of what was read")
	}
}

func TestFetchTimeout(t *testing.T) {
	start := time.Now()
	r := New(Options{Timeout: 200 * time.Millisecond}).Fetch(context.Background(), server(t).URL+"/slow")
	if r.Kind != KindTimeout || !strings.Contains(r.Problem, "timeout") {
		t.Fatalf("got %+v", r)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s", d)
	}
}

func TestFetchClosedPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	r := New(Options{}).Fetch(context.Background(), "http://"+addr+"/")
	if r.Kind != KindNetwork || r.Status != 0 || !strings.Contains(r.Problem, "refused") {
		t.Fatalf("got %+v", r)
	}
}

func TestFetchOnlyHTTP(t *testing.T) {
	for _, u := range []string{"file:///etc/passwd", "ftp://example.org/", "javascript:alert(1)", "not a url"} {
		r := New(Options{}).Fetch(context.Background(), u)
		if r.Kind != KindInvalidURL {
			t.Errorf("%s: got %+v", u, r)
		}
	}
}

func TestFetchCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := New(Options{}).Fetch(ctx, server(t).URL+"/ok")
	if r.Kind != KindCanceled {
		t.Fatalf("got %+v", r)
	}
}
