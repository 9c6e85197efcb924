package report

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// Non-breaking spaces of French typography.
const (
	NarrowNBSP = '\u202f' // before ; : ! ? » and after «
	NBSP       = '\u00a0' // "n° 12", "35 h", "60 %", "1 200,00 €", "L. 6113-9"
)

// protected are the spans French typography never touches: URLs and
// e-mail addresses.
var protected = regexp.MustCompile(`(?i)(?:https?://|www\.)[^\s<>«»]+|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`)

// French applies French typography to a text: a narrow no-break space
// (U+202F) before ; : ! ? » and after « (replacing a plain space there, or
// added when the text has none), and a no-break space (U+00A0) in
// "n° 12", "35 h", "60 %", "1 200,00 €", "30 jours", "L. 6113-9". URLs,
// e-mail addresses and times such as 10:30 are left as they are; applying
// it twice changes nothing.
func French(s string) string {
	if !strings.ContainsAny(s, ";:!?«»°0123456789") {
		return s // nothing to do: fast path
	}
	// Most texts are the same in every convention (the articles): their
	// result is shared by the whole process.
	frenchCache.mu.Lock()
	out, ok := frenchCache.m[s]
	frenchCache.mu.Unlock()
	if ok {
		return out
	}
	out = french(s)
	frenchCache.mu.Lock()
	if len(frenchCache.m) >= 8192 {
		clear(frenchCache.m)
	}
	frenchCache.m[s] = out
	frenchCache.mu.Unlock()
	return out
}

var frenchCache = struct {
	mu sync.Mutex
	m  map[string]string
}{m: map[string]string{}}

func french(s string) string {
	if !strings.Contains(s, "://") && !strings.Contains(s, "@") && !strings.Contains(s, "www.") && !strings.Contains(s, "WWW.") {
		return frenchPlain(s) // no URL nor e-mail address: no need for the (slower) regexp
	}
	locs := protected.FindAllStringIndex(s, -1)
	if len(locs) == 0 {
		return frenchPlain(s)
	}
	var b strings.Builder
	last := 0
	for _, l := range locs {
		b.WriteString(frenchPlain(s[last:l[0]]))
		b.WriteString(s[l[0]:l[1]])
		last = l[1]
	}
	b.WriteString(frenchPlain(s[last:]))
	return b.String()
}

func isSpace(r rune) bool { return r == ' ' || r == NBSP || r == NarrowNBSP }

// unitsAfterNumber are the words a number is never separated from.
var unitsAfterNumber = map[string]bool{"h": true, "%": true, "€": true, "jours": true, "jour": true, "mois": true, "ans": true,
	"an": true, "années": true, "heures": true, "heure": true, "euros": true, "semaines": true, "HT": true}

func frenchPlain(s string) string {
	rs := []rune(s)
	out := make([]rune, 0, len(rs)+8)
	word := func(from int) string { // the word starting at rs[from]
		j := from
		for j < len(rs) && !isSpace(rs[j]) && !strings.ContainsRune(",.;:!?)", rs[j]) {
			j++
		}
		return string(rs[from:j])
	}
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		var prev, next rune
		if len(out) > 0 {
			prev = out[len(out)-1]
		}
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch {
		case c == ';' || c == '!' || c == '?' || c == ':' || c == '»':
			if c == ':' && (prev == ':' || next == ':') {
				break // "::"
			}
			endish := next == 0 || isSpace(next) || strings.ContainsRune(",.;:!?»)*", next)
			switch {
			case prev == ' ' || prev == NBSP:
				out[len(out)-1] = NarrowNBSP
			case prev == 0 || prev == NarrowNBSP:
			case c == '»' || endish:
				// "mot;" → "mot ;", but not "10:30", "a?b" nor "?!"
				if c != '»' && strings.ContainsRune("!?;:(«[", prev) {
					break
				}
				out = append(out, NarrowNBSP)
			}
		case c == ' ' && len(out) > 0:
			switch {
			case prev == '«':
				c = NarrowNBSP
			case prev == '°' && len(out) >= 2 && (out[len(out)-2] == 'n' || out[len(out)-2] == 'N') && next != 0 && !isSpace(next):
				c = NBSP // n° 12
			case unicode.IsDigit(prev) && i+1 < len(rs) && unitsAfterNumber[word(i+1)]:
				c = NBSP // 35 h, 60 %, 30 jours
			case prev == '.' && len(out) >= 2 && strings.ContainsRune("LRD", out[len(out)-2]) && (len(out) == 2 || !unicode.IsLetter(out[len(out)-3])) && unicode.IsDigit(next):
				c = NBSP // L. 6113-9
			}
		}
		out = append(out, c)
		if c == '«' && next != 0 && !isSpace(next) {
			out = append(out, NarrowNBSP)
		}
	}
	return string(out)
}
