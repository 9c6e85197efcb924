package e2e

import (
	"net"
	"net/http"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdHTTPServe is 'httpserve DIR': it serves the files of DIR on 127.0.0.1
// (a random port) until the scenario ends, and sets $URL to its address
// (no trailing slash). /loop redirects to itself forever (a redirect loop).
func cmdHTTPServe(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: httpserve DIR")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		ts.Fatalf("httpserve: %v", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.Handle("/", http.FileServer(http.Dir(ts.MkAbs(args[0]))))
	srv := &http.Server{Handler: mux}
	go srv.Serve(l)
	ts.Defer(func() { srv.Close() })
	ts.Setenv("URL", "http://"+l.Addr().String())
}
