package cpf

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/domain"
)

// benchFlux is an accrochage flux of n passages, each a different holder.
func benchFlux(n int) domain.CDCFlux {
	ps := make([]domain.CDCPassage, n)
	for i := range ps {
		ps[i] = domain.CDCPassage{
			CertCode: "RNCP36141", IDTechnique: fmt.Sprintf("0b9d7c1e-0000-4000-8000-%012d", i),
			CertificateNumber: fmt.Sprintf("RNCP36141-2025-%05d", i), Holder: "Léa Martin",
			Obtention: "PAR_ADMISSION", ExamStart: domain.MustDate("2025-05-13"), ExamEnd: domain.MustDate("2025-05-14"),
			ExamMode: "EN_PRESENTIEL", CentrePostalCode: "69003", ValidFrom: domain.MustDate("2025-06-03"),
			Scoring: "14.5", Mention: "MENTION_BIEN", Modalite: "FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION",
			RegisteredOn: domain.MustDate("2025-01-10"),
			BirthName:    []string{"Martin", "Nguyễn", "Wróblewski", "N'Diaye"}[i%4], FirstNames: []string{"Léa", "Thị Ánh"},
			BirthYear: 1960 + i%40, BirthMonth: 1 + i%12, BirthDay: 1 + i%28, Sex: "F", BirthINSEE: "69123", BirthTown: "Lyon",
		}
	}
	return domain.CDCFlux{IDFlux: "5d0c1a52-7d34-4e0b-9a51-0c2f8e1b7a10", At: time.Date(2026, 6, 15, 8, 30, 0, 0, time.UTC),
		ClientID: "12ABC345", Contract: "MCFCER000123", Passages: ps}
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// BenchmarkFlux100k builds, checks and writes an accrochage file of 100,000
// passages (issue 16 item 6), as 'report accrochage' does:
//
//	go test ./internal/cpf -run '^$' -bench Flux -benchtime 1x -benchmem
func BenchmarkFlux100k(b *testing.B) { benchmarkFlux(b, 100_000) }

// BenchmarkFlux10k is the same with 10,000 passages: 10× the passages
// should cost about 10× the time.
func BenchmarkFlux10k(b *testing.B) { benchmarkFlux(b, 10_000) }

func benchmarkFlux(b *testing.B, n int) {
	in := benchFlux(n)
	b.ReportAllocs()
	var size int64
	for b.Loop() {
		f := Build(in)
		if probs := Validate(f); len(probs) != 0 {
			b.Fatalf("validation: %v", probs[0])
		}
		w := &countWriter{}
		if err := Write(w, f); err != nil {
			b.Fatal(err)
		}
		size = w.n
	}
	b.ReportMetric(float64(size)/1e6, "MB-file")
}

var _ io.Writer = (*countWriter)(nil)
