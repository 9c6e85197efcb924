package domain

import "testing"

func TestNormaliseHabilitation(t *testing.T) {
	c := &Certification{Code: "RNCP36141", Blocs: []Bloc{{Code: "RNCP36141BC01"}, {Code: "RNCP36141BC02"}}}
	h := &Habilitation{Certification: "RNCP36141", Blocs: []string{"BC02", "1", "RNCP36141BC02"}, Access: []Access{"VAE", "FC", "FC"}}
	if err := NormaliseHabilitation(h, c); err != nil {
		t.Fatal(err)
	}
	if len(h.Blocs) != 2 || h.Blocs[0] != "RNCP36141BC01" || h.Blocs[1] != "RNCP36141BC02" {
		t.Errorf("blocs %v", h.Blocs)
	}
	if AccessCodes(h.Access) != "FC,VAE" {
		t.Errorf("access %v", h.Access)
	}
	h = &Habilitation{Certification: "RNCP36141", Blocs: []string{"XX"}}
	if err := NormaliseHabilitation(h, c); err == nil {
		t.Error("a malformed bloc code was accepted")
	}
	h = &Habilitation{Certification: "RNCP36141"}
	if err := NormaliseHabilitation(h, c); err != nil || h.Blocs == nil || h.Access == nil {
		t.Errorf("empty lists: %v %#v %#v", err, h.Blocs, h.Access)
	}
}
