package partner

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
)

// appendPartner appends ToJSON(p, at) as one element of the indented JSON
// array 'partner list --format json' writes: byte for byte what
// encoding/json writes for it (indent "  ", no HTML escaping), straight from
// the partner, without reflection or intermediate values, for registers of
// 100,000 partners. list_json_test.go checks both give the same bytes.
func appendPartner(b []byte, p *domain.Partner, at domain.Date) []byte {
	o := jsonOut{b: b}
	o.open('{')
	o.key(1, "siret", true)
	o.str(string(p.SIRET))
	o.key(1, "name", false)
	o.str(p.Name)
	o.key(1, "nda", false)
	o.null(string(p.NDA))
	o.key(1, "role", false)
	o.str(string(p.Role))
	o.key(1, "status", false)
	o.str(string(p.Status))
	o.key(1, "status_since", false)
	o.date(p.StatusSince)
	for _, f := range [...]struct{ k, v string }{{"email", p.Email}, {"phone", p.Phone}, {"website", p.Website},
		{"address", p.Address}, {"representative", p.Representative}, {"uai", p.UAI},
		{"qualiopi_body", p.Qualiopi.Body}, {"qualiopi_number", p.Qualiopi.Number}} {
		o.key(1, f.k, false)
		o.null(f.v)
	}
	o.key(1, "qualiopi_categories", false)
	o.strs(1, nonNil(p.Qualiopi.Categories))
	o.key(1, "qualiopi_until", false)
	o.date(p.Qualiopi.ValidUntil)
	o.key(1, "habilitations", false)
	if len(p.Habilitations) == 0 {
		o.raw("[]")
	} else {
		o.open('[')
		for i := range p.Habilitations {
			h := &p.Habilitations[i]
			if i > 0 {
				o.raw(",")
			}
			o.nl(2)
			o.open('{')
			o.key(3, "id", true)
			o.b = strconv.AppendInt(o.b, h.ID, 10)
			o.key(3, "certification", false)
			o.str(string(h.Certification))
			o.key(3, "scope", false)
			o.str(string(h.Scope))
			o.key(3, "fc_code", false)
			o.str(h.FCCode())
			o.key(3, "blocs", false)
			o.strs(3, nonNil(h.Blocs))
			o.key(3, "access", false)
			if len(h.Access) == 0 {
				o.raw("[]")
			} else {
				access := make([]string, len(h.Access))
				for k, a := range h.Access {
					access[k] = string(a)
				}
				o.strs(3, access)
			}
			o.key(3, "from", false)
			o.date(h.From)
			o.key(3, "to", false)
			o.date(h.To)
			o.key(3, "state", false)
			o.str(h.StateAt(at))
			o.key(3, "end_reason", false)
			o.null(h.EndReason)
			o.nl(2)
			o.raw("}")
		}
		o.nl(1)
		o.raw("]")
	}
	o.key(1, "history", false)
	if len(p.History) == 0 {
		o.raw("[]")
	} else {
		o.open('[')
		for i := range p.History {
			c := &p.History[i]
			if i > 0 {
				o.raw(",")
			}
			o.nl(2)
			o.open('{')
			o.key(3, "from", true)
			o.null(string(c.From))
			o.key(3, "to", false)
			o.str(string(c.To))
			o.key(3, "date", false)
			if c.Date.IsZero() {
				o.raw(`""`)
			} else {
				o.date(c.Date)
			}
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

func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

type jsonOut struct{ b []byte }

// null writes s, or null when it is empty (cmdutil.NullString).
func (o *jsonOut) null(s string) {
	if s == "" {
		o.raw("null")
		return
	}
	o.str(s)
}

// date writes "YYYY-MM-DD", or null for the zero date.
func (o *jsonOut) date(d domain.Date) {
	if d.IsZero() || d.Year() < 1000 || d.Year() > 9999 {
		o.null(d.String())
		return
	}
	o.b = append(o.b, '"')
	o.b = strconv.AppendInt(o.b, int64(d.Year()), 10)
	o.b = append(o.b, '-', byte('0'+int(d.Month())/10), byte('0'+int(d.Month())%10), '-', byte('0'+d.Day()/10), byte('0'+d.Day()%10), '"')
}

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
	if plain && wide && (!utf8.ValidString(s) || strings.ContainsAny(s, "\u2028\u2029") || strings.ContainsFunc(s, domain.UnsafeRune)) {
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
	return append(b, cmdutil.EscapeJSON(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))...)
}
