package cpf

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// FuzzReadAck: no processing report, however malformed, makes the parser
// panic, resolve an entity or loop; what it returns names passages it
// read from the input (go test -fuzz=FuzzReadAck ./internal/cpf).
func FuzzReadAck(f *testing.F) {
	if b, err := os.ReadFile("../../testdata/cdc/accuse-de-traitement-example.xml"); err == nil {
		f.Add(b)
	}
	for _, s := range []string{
		`<?xml version="1.0"?><accuse><idFlux>f-1</idFlux><PassagesOK><idTechnique>a</idTechnique></PassagesOK></accuse>`,
		`<x:Accuse xmlns:x="urn:x"><x:IDFLUX>f</x:IDFLUX><x:passagesKO><x:passage><x:idTechnique>b</x:idTechnique><x:messageErreur>KO</x:messageErreur></x:passage></x:passagesKO></x:Accuse>`,
		`<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>`,
		`<a>` + strings.Repeat("<b>", 100) + `</a>`,
		`<accuse><idFlux></idFlux></accuse>`,
		"",
		"\xef\xbb\xbf<a/>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		id, _, answers, err := ReadAck(bytes.NewReader(data))
		if err != nil {
			return
		}
		if id == "" {
			t.Fatalf("accepted a report without idFlux")
		}
		for _, a := range answers {
			if a.IDTechnique == "" || !bytes.Contains(data, []byte(a.IDTechnique)) {
				t.Fatalf("answer %q does not come from the input", a.IDTechnique)
			}
		}
	})
}
