package partner

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// appendPartnerJSON appends j as one element of the indented JSON array
// 'partner list --format json' writes: byte for byte what encoding/json
// writes for it (indent "  ", no HTML escaping; see list_json_test.go),
// without reflection, for registers of 100,000 partners.
func appendPartnerJSON(b []byte, j *PartnerJSON) []byte {
	o := jsonOut{b: b}
	o.open('{')
	o.key(1, "siret", true)
	o.str(j.SIRET)
	o.key(1, "name", false)
	o.str(j.Name)
	o.key(1, "nda", false)
	o.ptr(j.NDA)
	o.key(1, "role", false)
	o.str(j.Role)
	o.key(1, "status", false)
	o.str(j.Status)
	for _, f := range []struct {
		k string
		v *string
	}{{"status_since", j.StatusSince}, {"email", j.Email}, {"phone", j.Phone}, {"website", j.Website},
		{"address", j.Address}, {"representative", j.Representative}, {"uai", j.UAI},
		{"qualiopi_body", j.QualiopiBody}, {"qualiopi_number", j.QualiopiNumber}} {
		o.key(1, f.k, false)
		o.ptr(f.v)
	}
	o.key(1, "qualiopi_categories", false)
	o.strs(1, j.QualiopiCategories)
	o.key(1, "qualiopi_until", false)
	o.ptr(j.QualiopiUntil)
	o.key(1, "habilitations", false)
	if j.Habilitations == nil {
		o.raw("null")
	} else if len(j.Habilitations) == 0 {
		o.raw("[]")
	} else {
		o.open('[')
		for i := range j.Habilitations {
			h := &j.Habilitations[i]
			if i > 0 {
				o.raw(",")
			}
			o.nl(2)
			o.open('{')
			o.key(3, "id", true)
			o.b = strconv.AppendInt(o.b, h.ID, 10)
			o.key(3, "certification", false)
			o.str(h.Certification)
			o.key(3, "scope", false)
			o.str(h.Scope)
			o.key(3, "fc_code", false)
			o.str(h.FCCode)
			o.key(3, "blocs", false)
			o.strs(3, h.Blocs)
			o.key(3, "access", false)
			o.strs(3, h.Access)
			o.key(3, "from", false)
			o.ptr(h.From)
			o.key(3, "to", false)
			o.ptr(h.To)
			o.key(3, "state", false)
			o.str(h.State)
			o.key(3, "end_reason", false)
			o.ptr(h.EndReason)
			o.nl(2)
			o.raw("}")
		}
		o.nl(1)
		o.raw("]")
	}
	o.key(1, "history", false)
	if j.History == nil {
		o.raw("null")
	} else if len(j.History) == 0 {
		o.raw("[]")
	} else {
		o.open('[')
		for i := range j.History {
			c := &j.History[i]
			if i > 0 {
				o.raw(",")
			}
			o.nl(2)
			o.open('{')
			o.key(3, "from", true)
			o.ptr(c.From)
			o.key(3, "to", false)
			o.str(c.To)
			o.key(3, "date", false)
			o.str(c.Date)
			o.key(3, "reason", false)
			o.str(c.Reason)
			o.nl(2)
			o.raw("}")
		}
		o.nl(1)
		o.raw("]")
	}
	o.nl(0)
	o.raw("}")
	return o.b
}

type jsonOut struct{ b []byte }

func (o *jsonOut) raw(s string) { o.b = append(o.b, s...) }
func (o *jsonOut) open(c byte)  { o.b = append(o.b, c) }
func (o *jsonOut) str(s string) { o.b = appendJSONString(o.b, s) }
func (o *jsonOut) nl(depth int) { // the element itself is at depth 0, after the array's "  "
	o.b = append(o.b, '\n', ' ', ' ')
	for i := 0; i < depth; i++ {
		o.b = append(o.b, ' ', ' ')
	}
}

func (o *jsonOut) key(depth int, k string, first bool) {
	if !first {
		o.b = append(o.b, ',')
	}
	o.nl(depth)
	o.b = append(o.b, '"')
	o.b = append(o.b, k...)
	o.b = append(o.b, '"', ':', ' ')
}

func (o *jsonOut) ptr(s *string) {
	if s == nil {
		o.raw("null")
		return
	}
	o.str(*s)
}

func (o *jsonOut) strs(depth int, l []string) {
	if l == nil {
		o.raw("null")
		return
	}
	if len(l) == 0 {
		o.raw("[]")
		return
	}
	o.open('[')
	for i, s := range l {
		if i > 0 {
			o.raw(",")
		}
		o.nl(depth + 1)
		o.str(s)
	}
	o.nl(depth)
	o.raw("]")
}

// appendJSONString quotes s as encoding/json does without HTML escaping;
// only strings that need escaping go through encoding/json.
func appendJSONString(b []byte, s string) []byte {
	plain := true
	wide := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' {
			plain = false
			break
		}
		if c >= utf8.RuneSelf {
			wide = true
		}
	}
	if plain && wide && (!utf8.ValidString(s) || strings.ContainsAny(s, "\u2028\u2029")) {
		plain = false
	}
	if plain {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}
