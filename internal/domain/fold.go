package domain

import (
	"strings"
	"unicode"
)

var foldMap = map[rune]string{
	'à': "a", 'â': "a", 'ä': "a", 'á': "a", 'ã': "a", 'å': "a", 'ą': "a", 'ă': "a",
	'ç': "c", 'ć': "c", 'č': "c",
	'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'ę': "e", 'ě': "e", 'ễ': "e", 'ế': "e", 'ề': "e", 'ể': "e", 'ệ': "e",
	'î': "i", 'ï': "i", 'í': "i", 'ì': "i",
	'ô': "o", 'ö': "o", 'ó': "o", 'ò': "o", 'õ': "o", 'ø': "o", 'ơ': "o", 'ő': "o",
	'ù': "u", 'û': "u", 'ü': "u", 'ú': "u", 'ư': "u", 'ů': "u", 'ű': "u",
	'ÿ': "y", 'ý': "y", 'ñ': "n", 'ń': "n", 'ň': "n", 'ł': "l", 'ś': "s", 'š': "s", 'ş': "s",
	'ź': "z", 'ż': "z", 'ž': "z", 'ř': "r", 'ğ': "g", 'đ': "d",
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
