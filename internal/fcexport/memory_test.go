package fcexport

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

const syntheticSIRET = "73282932000074"

// writeSynthetic writes an XML v4.1 export of n fiches shaped like the real
// one: long texts (activities, skills, evaluation), 4 blocs, 6 access
// routes, 3 years of statistics, partners, and a certifier SIRET missing on
// a third of the fiches. Every 1000th fiche belongs to syntheticSIRET.
func writeSynthetic(w io.Writer, n, textLen int) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	text := strings.Repeat("Concevoir, réaliser et évaluer des actions de formation à distance ; ", textLen/70+1)[:textLen]
	fmt.Fprint(bw, "<?xml version='1.0' encoding='UTF-8'?>\n<FICHES>\n  <VERSION_FLUX>4.1</VERSION_FLUX>\n")
	for i := 1; i <= n; i++ {
		siret := fmt.Sprintf("%014d", 10000000000000+i%397)
		name := fmt.Sprintf("CERTIFICATEUR NUMERO %d", i%397)
		switch {
		case i%1000 == 0:
			siret, name = syntheticSIRET, "ACADEMIE DES METIERS DU NUMERIQUE"
		case i%3 == 0:
			siret = ""
		}
		fmt.Fprintf(bw, `  <FICHE>
    <ID_FICHE>%d</ID_FICHE>
    <NUMERO_FICHE>RNCP%d</NUMERO_FICHE>
    <INTITULE>Responsable en gestion des ressources humaines %d</INTITULE>
    <ETAT_FICHE>Publiée</ETAT_FICHE>
    <NOMENCLATURE_EUROPE><NIVEAU>NIV%d</NIVEAU><LIBELLE>Niveau</LIBELLE></NOMENCLATURE_EUROPE>
    <CERTIFICATEURS><CERTIFICATEUR><SIRET_CERTIFICATEUR>%s</SIRET_CERTIFICATEUR><NOM_CERTIFICATEUR>%s</NOM_CERTIFICATEUR><ETAT_CERTIFICATEUR>Actif</ETAT_CERTIFICATEUR></CERTIFICATEUR></CERTIFICATEURS>
    <EXISTENCE_PARTENAIRES>Oui</EXISTENCE_PARTENAIRES>
    <PARTENAIRES>
`, i, i, i, 3+i%6, siret, name)
		for p := 0; p < i%10; p++ {
			fmt.Fprintf(bw, `      <PARTENAIRE><NOM_PARTENAIRE>ORGANISME %d</NOM_PARTENAIRE><SIRET_PARTENAIRE>%014d</SIRET_PARTENAIRE><HABILITATION_PARTENAIRE>HABILITATION_ORGA_FORM</HABILITATION_PARTENAIRE><ETAT_HABILITATION>Actif</ETAT_HABILITATION><DATE_ACTIF>12/04/2023</DATE_ACTIF><DATE_DERNIERE_MODIFICATION_ETAT>12/04/2023</DATE_DERNIERE_MODIFICATION_ETAT></PARTENAIRE>
`, p, 20000000000000+p)
		}
		fmt.Fprintf(bw, "    </PARTENAIRES>\n    <ACTIVITES_VISEES>%s</ACTIVITES_VISEES>\n    <CAPACITES_ATTESTEES>%s</CAPACITES_ATTESTEES>\n", text, text)
		for _, tag := range []string{"FI", "CA", "FC", "CQ", "CL", "VAE"} {
			fmt.Fprintf(bw, "    <SI_JURY_%s><ACTIF>Oui</ACTIF><COMPOSITION>Deux professionnels du secteur et un représentant du certificateur</COMPOSITION></SI_JURY_%s>\n", tag, tag)
		}
		fmt.Fprint(bw, "    <STATISTIQUES_PROMOTIONS>\n")
		for y := 2021; y <= 2023; y++ {
			fmt.Fprintf(bw, "      <STATISTIQUES_PROMOTION><ANNEE>%d</ANNEE><NOMBRE_CERTIFIES>%d</NOMBRE_CERTIFIES><NOMBRE_CERTIFIES_VAE>2</NOMBRE_CERTIFIES_VAE><TAUX_INSERTION_GLOBAL_6MOIS>85</TAUX_INSERTION_GLOBAL_6MOIS></STATISTIQUES_PROMOTION>\n", y, 10+i%50)
		}
		fmt.Fprintf(bw, "    </STATISTIQUES_PROMOTIONS>\n    <DATE_FIN_ENREGISTREMENT>17/03/2028</DATE_FIN_ENREGISTREMENT>\n    <BLOCS_COMPETENCES>\n")
		for b := 1; b <= 4; b++ {
			fmt.Fprintf(bw, "      <BLOC_COMPETENCES><CODE>RNCP%dBC%02d</CODE><LIBELLE>Bloc %d</LIBELLE><LISTE_COMPETENCES>%s</LISTE_COMPETENCES><MODALITES_EVALUATION>Étude de cas</MODALITES_EVALUATION></BLOC_COMPETENCES>\n", i, b, b, text[:textLen/4])
		}
		fmt.Fprint(bw, "    </BLOCS_COMPETENCES>\n    <ACTIF>Oui</ACTIF>\n  </FICHE>\n")
	}
	fmt.Fprint(bw, "</FICHES>\n")
	return bw.Flush()
}

// countingReader counts the bytes read.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// liveHeap returns the heap in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// scanSynthetic streams a synthetic export of n fiches through ReadXML
// (never held in memory or on disk) and returns the largest live heap seen
// while scanning and the number of bytes read.
func scanSynthetic(t testing.TB, n, textLen int) (peak uint64, size int64, r *Result) {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(writeSynthetic(pw, n, textLen)) }()
	cr := &countingReader{r: pr}
	sel := Selection{SIRET: syntheticSIRET, Progress: func(int) {
		if h := liveHeap(); h > peak {
			peak = h
		}
	}}
	r, err := ReadXML(context.Background(), cr, "synthetic.xml", sel)
	if err != nil {
		t.Fatal(err)
	}
	return peak, cr.n, r
}

// TestMemoryDoesNotGrowWithFileSize scans 2,000 then 20,000 synthetic fiches
// (about 15 MB and 150 MB of XML) and checks that the live heap stays the
// same: only the selected fiches are kept.
func TestMemoryDoesNotGrowWithFileSize(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 150 MB of synthetic XML")
	}
	const textLen = 1000
	base := liveHeap()
	small, smallSize, rs := scanSynthetic(t, 2000, textLen)
	big, bigSize, rb := scanSynthetic(t, 20000, textLen)
	t.Logf("2,000 fiches (%d MB): peak live heap %.1f MB; 20,000 fiches (%d MB): %.1f MB (baseline %.1f MB)",
		smallSize>>20, float64(small)/(1<<20), bigSize>>20, float64(big)/(1<<20), float64(base)/(1<<20))
	if rs.Scanned != 2000 || rb.Scanned != 20000 || len(rb.Fiches) != 20 || len(rs.Fiches) != 2 {
		t.Fatalf("scanned %d/%d, selected %d/%d", rs.Scanned, rb.Scanned, len(rs.Fiches), len(rb.Fiches))
	}
	if rb.WithoutCertifierSIRET == 0 || len(rb.Certifiers) < 300 {
		t.Errorf("certifier statistics: %d without SIRET, %d names", rb.WithoutCertifierSIRET, len(rb.Certifiers))
	}
	// 10 times more data may only add the 18 more selected fiches (a few
	// hundred KB) and noise; holding the file would add hundreds of MB.
	const slack = 4 << 20
	if big > small+slack {
		t.Errorf("the live heap grew from %.1f MB to %.1f MB with a 10 times larger file: the XML is not streamed",
			float64(small)/(1<<20), float64(big)/(1<<20))
	}
	if big > base+32<<20 {
		t.Errorf("peak live heap %.1f MB above the baseline: too much for a streamed scan", float64(big-base)/(1<<20))
	}
}

// BenchmarkScanXML measures throughput and allocations of the XML scan.
// go test ./internal/fcexport -run XXX -bench ScanXML -benchmem
func BenchmarkScanXML(b *testing.B) {
	var doc bytes.Buffer
	if err := writeSynthetic(&doc, 2000, 6000); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(doc.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := ReadXML(context.Background(), bytes.NewReader(doc.Bytes()), "synthetic.xml", Selection{SIRET: syntheticSIRET})
		if err != nil || len(r.Fiches) != 2 {
			b.Fatalf("%v %d", err, len(r.Fiches))
		}
	}
}
