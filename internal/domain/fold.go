package domain

import (
	"strings"
	"unicode"
)

// foldMap holds the letters without a canonical decomposition, which the
// generated foldLatin lacks (looked up first).
var foldMap = map[rune]string{
	'ø': "o", 'ł': "l", 'đ': "d",
	'œ': "oe", 'æ': "ae", 'ß': "ss",
}

// Fold lower-cases s, removes accents, turns every run of spaces and
// punctuation into one space and trims. It is how headers, labels and names
// are compared ("N° SIRET" → "n siret", "Déclaration d'activité" →
// "declaration d activite").
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		// ASCII, the common case, without the map lookup.
		if r < 0x80 {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
				if space && b.Len() > 0 {
					b.WriteByte(' ')
				}
				space = false
				b.WriteByte(byte(r))
			} else {
				space = true
			}
			continue
		}
		r = unicode.ToLower(r) // as strings.ToLower does, rune by rune
		rep, ok := foldMap[r]
		if !ok {
			rep, ok = foldLatin[r]
		}
		if ok {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteString(rep)
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		if unicode.Is(unicode.Mn, r) { // combining accents
			continue
		}
		space = true
	}
	return b.String()
}
