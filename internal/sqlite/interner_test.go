package sqlite

import (
	"testing"
	"unsafe"
)

// listEnrollments keeps one copy of each repeated value, but every row
// its own slice of codes: a caller sorting one row's blocs changes no other.
func TestInternerSharesStringsNotSlices(t *testing.T) {
	in := interner{}
	a := in.codes("RNCP38123BC02 RNCP38123BC01")
	b := in.codes("RNCP38123BC02 RNCP38123BC01")
	if len(a) != 2 || unsafe.StringData(a[0]) != unsafe.StringData(b[0]) {
		t.Fatalf("codes not shared: %q %q", a, b)
	}
	a[0], a[1] = a[1], a[0]
	if b[0] != "RNCP38123BC02" {
		t.Errorf("sorting one row's blocs changed another's: %q", b)
	}
	if in.codes("") != nil || in.names("", "", "") != nil {
		t.Error("empty values must stay nil")
	}
	if got := in.names("Marie", "", "Anne"); len(got) != 2 || got[1] != "Anne" {
		t.Errorf("names: %q", got)
	}
	if in.s("FC") != "FC" || in.s("") != "" {
		t.Error("s changed a value")
	}
}
