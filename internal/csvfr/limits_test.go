package csvfr

import (
	"errors"
	"io"
	"runtime"
	"testing"

	"github.com/habil-app/habil/internal/domain"
)

// virtualFile is a ReadSeeker over head + n bytes repeating fill + tail,
// generated on the fly: a 200 MB file that never exists.
type virtualFile struct {
	head, fill, tail []byte
	n                int64
	off              int64
}

func (v *virtualFile) size() int64 { return int64(len(v.head)) + v.n + int64(len(v.tail)) }

func (v *virtualFile) Read(p []byte) (int, error) {
	if v.off >= v.size() {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && v.off < v.size() {
		switch {
		case v.off < int64(len(v.head)):
			c := copy(p[k:], v.head[v.off:])
			k += c
			v.off += int64(c)
		case v.off < int64(len(v.head))+v.n:
			rel := v.off - int64(len(v.head))
			c := copy(p[k:], v.fill[rel%int64(len(v.fill)):])
			if rem := int64(len(v.head)) + v.n - v.off; int64(c) > rem {
				c = int(rem)
			}
			k += c
			v.off += int64(c)
		default:
			c := copy(p[k:], v.tail[v.off-int64(len(v.head))-v.n:])
			k += c
			v.off += int64(c)
		}
	}
	return k, nil
}

func (v *virtualFile) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
		v.off = off
	case io.SeekCurrent:
		v.off += off
	case io.SeekEnd:
		v.off = v.size() + off
	}
	return v.off, nil
}

// A CSV with one 200 MB cell (UTF-8, or Windows-1252) is rejected naming
// the row and the limit, with memory flat.
func TestHugeCellMemoryBounded(t *testing.T) {
	for name, fill := range map[string][]byte{"utf-8": []byte("Formation professionnelle "), "windows-1252": []byte("Activit\xe9s vis\xe9es ")} {
		t.Run(name, func(t *testing.T) {
			f := &virtualFile{head: []byte("SIRET;Nom\n73282932000074;\""), fill: fill, n: 200 << 20, tail: []byte("\"\n")}
			runtime.GC()
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			src, err := NewSource("h.csv", f)
			if err == nil {
				for err == nil {
					_, _, err = src.Next()
				}
			}
			runtime.ReadMemStats(&m1)
			var de *domain.Error
			if !errors.As(err, &de) || de.Kind != domain.KindRejected || de.Code != "ROW_TOO_LARGE" {
				t.Fatalf("err = %v, want ROW_TOO_LARGE", err)
			}
			if want := "h.csv: row 2 is larger than 1 MB"; len(de.Error()) < len(want) || de.Error()[:len(want)] != want {
				t.Errorf("message %q", de.Error())
			}
			alloc := m1.TotalAlloc - m0.TotalAlloc
			t.Logf("allocated %.1f MB", float64(alloc)/(1<<20))
			if alloc > 100<<20 {
				t.Errorf("reading allocated %d MB: memory is not bounded", alloc>>20)
			}
		})
	}
}
