//go:build ignore

// gen-partners writes a partner import file in the French Excel dialect
// (UTF-8 with BOM, ';', CRLF, dd/mm/yyyy dates): N rows, one partner and
// one habilitation per row, SIRETs valid (Luhn). Used by bench-import.sh.
//
//	go run scripts/gen-partners.go -n 100000 -o partenaires.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
)

// validSIRET returns a Luhn-valid SIRET built from n.
func validSIRET(n int) string {
	base := fmt.Sprintf("%013d", 4000000000000+n*7)
	for c := 0; c <= 9; c++ {
		s := base + fmt.Sprint(c)
		sum, double := 0, false
		for i := len(s) - 1; i >= 0; i-- {
			d := int(s[i] - '0')
			if double {
				d *= 2
				if d > 9 {
					d -= 9
				}
			}
			sum += d
			double = !double
		}
		if sum%10 == 0 {
			return s
		}
	}
	panic("unreachable")
}

func main() {
	n := flag.Int("n", 100000, "rows")
	out := flag.String("o", "partenaires.csv", "output file")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	w := bufio.NewWriter(f)
	fmt.Fprint(w, "\ufeffN° SIRET;Raison sociale;NDA;Courriel;Code RNCP;Habilitation;Blocs de compétences;Voies d'accès;Date de début;Date de fin\r\n")
	for i := 0; i < *n; i++ {
		fmt.Fprintf(w, "%s;Organisme de formation n°%d;%011d;contact%d@exemple.fr;RNCP36141;former et évaluer;BC01, BC02;FC;01/01/2026;31/12/2027\r\n",
			validSIRET(i), i, 11000000000+i, i)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
