package cpf

import (
	"io"

	"github.com/habil-app/habil/internal/domain"
)

// WriteFlux builds and writes a flux (the codec's Write).
func WriteFlux(w io.Writer, f domain.CDCFlux) error { return Write(w, Build(f)) }

// Problems validates the flux built from f and returns its faults by
// idTechnique ("" for the file-level fields), with the pre-flight codes.
func Problems(f domain.CDCFlux) map[string][]domain.AccrochageProblem {
	out := map[string][]domain.AccrochageProblem{}
	for _, p := range Validate(Build(f)) {
		out[p.IDTechnique] = append(out[p.IDTechnique], domain.AccrochageProblem{Code: p.Code, Field: p.Field, Msg: p.Field + ": " + p.Msg})
	}
	return out
}

// ReadAck parses a processing report into its answers, KO first as the
// report lists them.
func ReadAck(r io.Reader) (idFlux, idTraitement string, answers []domain.AccrochageAnswer, err error) {
	a, err := ParseAck(r)
	if err != nil {
		return "", "", nil, err
	}
	for _, k := range a.KO {
		answers = append(answers, domain.AccrochageAnswer{IDTechnique: k.IDTechnique, Message: k.Message})
	}
	for _, id := range a.OK {
		answers = append(answers, domain.AccrochageAnswer{IDTechnique: id, OK: true})
	}
	return a.IDFlux, a.IDTraitement, answers, nil
}
