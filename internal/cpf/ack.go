package cpf

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// Ack is a CDC processing report ("accusé de traitement"): which passages
// of a flux were accepted and which were rejected, with the CDC's message.
type Ack struct {
	FileName     string
	IDFlux       string
	IDTraitement string
	OK           []string
	KO           []AckKO
}

// AckKO is one rejected passage.
type AckKO struct {
	IDTechnique string
	Message     string
}

// ParseAck reads a processing report. No official schema is public: element
// names are matched on their local name without regard to case or namespace
// prefix. It never resolves entities (a DTD is refused), reads at most
// MaxAckBytes and refuses deep nesting. A file without an idFlux or without
// any PassagesOK/PassagesKO section is not a processing report.
func ParseAck(r io.Reader) (*Ack, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxAckBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxAckBytes {
		return nil, fmt.Errorf("the file is larger than %d MB: not a processing report", MaxAckBytes>>20)
	}
	if err := checkDepth(b); err != nil {
		return nil, err
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	var (
		ack      Ack
		path     []string
		text     strings.Builder
		sections int
		cur      *AckKO
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not well-formed XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			path = append(path, name)
			text.Reset()
			if name == "passagesko" || name == "passagesok" {
				sections++
			}
			if name == "passage" && in(path, "passagesko") {
				cur = &AckKO{}
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			if len(path) == 0 {
				continue
			}
			name := path[len(path)-1]
			v := strings.TrimSpace(text.String())
			switch {
			case name == "idflux" && !in(path[:len(path)-1], "passagesko", "passagesok"):
				ack.IDFlux = v
			case name == "nomfichier":
				ack.FileName = v
			case name == "idtraitement":
				ack.IDTraitement = v
			case name == "idtechnique" && in(path, "passagesko"):
				if cur != nil {
					cur.IDTechnique = v
				}
			case name == "messageerreur" && cur != nil:
				cur.Message = v
			case name == "passage" && cur != nil:
				if cur.IDTechnique != "" {
					ack.KO = append(ack.KO, *cur)
				}
				cur = nil
			case name == "idtechnique" && in(path, "passagesok"):
				if v != "" {
					ack.OK = append(ack.OK, v)
				}
			}
			path = path[:len(path)-1]
			text.Reset()
		}
	}
	if ack.IDFlux == "" || sections == 0 {
		return nil, fmt.Errorf("not a CDC processing report: no idFlux or no PassagesOK/PassagesKO section")
	}
	return &ack, nil
}

func in(path []string, names ...string) bool {
	for _, p := range path {
		for _, n := range names {
			if p == n {
				return true
			}
		}
	}
	return false
}
