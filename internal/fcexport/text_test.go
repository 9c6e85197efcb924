package fcexport

import (
	"context"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// A fiche's text with a direction override or a C1 control (legal in XML,
// unlike the C0 controls the decoder refuses) is a problem of the fiche, by
// the domain's text rule: the import rejects it; what is kept is escaped.
func TestXMLTextRule(t *testing.T) {
	doc := xmlDoc(`<FICHE><NUMERO_FICHE>RNCP1234</NUMERO_FICHE><INTITULE>Titre`+"\u202e"+`inversé</INTITULE>
  <BLOCS_COMPETENCES><BLOC_COMPETENCES><CODE>RNCP1234BC01</CODE><LIBELLE>Bloc`+"\u009b"+`un</LIBELLE></BLOC_COMPETENCES><BLOC_COMPETENCES><CODE>RNCP1234BC02</CODE><LIBELLE>Bloc`+"\u0085"+`deux</LIBELLE></BLOC_COMPETENCES></BLOCS_COMPETENCES></FICHE>`,
		`<FICHE><NUMERO_FICHE>RNCP5678</NUMERO_FICHE><INTITULE>Titre sain</INTITULE></FICHE>`)
	r, err := ReadXML(context.Background(), strings.NewReader(doc), "ctrl.xml", Selection{All: true})
	if err != nil {
		t.Fatal(err)
	}
	f := byCode(t, r, "RNCP1234")
	var got []string
	for _, p := range f.Problems {
		got = append(got, p.Field+" "+p.Code+" "+p.Msg)
	}
	if len(got) != 2 || !strings.HasPrefix(got[0], "INTITULE "+domain.CodeControlCharacter+" the text contains an invisible direction override") ||
		!strings.Contains(got[1], "U+009B (control sequence introducer)") {
		t.Errorf("problems:\n%s", strings.Join(got, "\n"))
	}
	if strings.ContainsFunc(f.Cert.Title, domain.UnsafeRune) || strings.ContainsFunc(f.Cert.Blocs[0].Label, domain.UnsafeRune) {
		t.Errorf("raw control kept: %q %q", f.Cert.Title, f.Cert.Blocs[0].Label)
	}
	// NEL (U+0085) is white space to the export's cleaning: it becomes a space.
	if l := f.Cert.Blocs[1].Label; l != "Bloc deux" {
		t.Errorf("NEL: %q", l)
	}
	if p := byCode(t, r, "RNCP5678").Problems; len(p) != 0 {
		t.Errorf("a clean fiche has problems: %v", p)
	}
}
