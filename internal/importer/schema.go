package importer

import (
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// Kind says how the cells of a column are read and validated.
type Kind int

const (
	// Text is free text, trimmed (spaces and no-break spaces).
	Text Kind = iota
	// Identifier is a code made of digits or letters (SIRET, NDA, postal
	// code, certificate number). The digits are kept as written; a number a
	// spreadsheet wrote in scientific notation ("8,52620E+13") is rejected
	// with a hint to format the column as text. A numeric cell stored by a
	// program ("73282932000074", "7.3282932000074E13", "73282932000074.0")
	// gives its digits exactly.
	Identifier
	// Date is a spreadsheet date cell (serial number, 1900 or 1904 system) or
	// a text date accepted by domain.ParseDate (YYYY-MM-DD, DD/MM/YYYY…).
	Date
	// Money is an amount in euros: decimal comma or point, spaces and no-break
	// spaces as thousands separators, optional "€"; at most two decimals.
	Money
	// Decimal is a number with a decimal comma or point (a score), spaces
	// and no-break spaces as thousands separators.
	Decimal
	// Integer is a whole number (spaces allowed as thousands separators).
	Integer
	// Enum is one of Field.Choices (or Field.Allowed), compared with
	// domain.Fold; the accessor returns the choice's canonical Value.
	Enum
	// Bool is oui/non (also yes/no, vrai/faux, true/false, x/empty, 1/0).
	Bool
)

var kindNames = [...]string{"text", "identifier", "date", "money", "decimal", "integer", "enum", "bool"}

func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// Choice is one allowed value of an Enum column: the canonical Value the
// program receives and the other spellings users may type.
type Choice struct {
	Value   string
	Aliases []string
}

// Field describes one column of an import.
type Field struct {
	// Key names the field in code (Record.Text(key) …). Unique in a schema.
	Key string
	// Label is the header written in templates and shown in messages
	// about a missing column.
	Label string
	// Aliases are the other headers accepted for the column; the Label is
	// always accepted too (the Key is not). Headers are compared with
	// domain.Fold.
	Aliases []string
	// Required: the column must be present and every data row must have a
	// value in it.
	Required bool
	Kind     Kind
	// Help explains the column in the template's "Explications" sheet.
	Help string
	// Example is an example value shown in the "Explications" sheet.
	Example string
	// Allowed lists the allowed values as shown in the template. For an
	// Enum without Choices, they are also the accepted values.
	Allowed []string
	// Choices are the accepted values of an Enum column with their aliases.
	Choices []Choice
}

// Schema describes an import: its name (used as the template's first
// sheet name, e.g. "Partenaires") and its columns in template order.
type Schema struct {
	Name   string
	Fields []Field
	// Template is the command that writes the blank spreadsheet, quoted in
	// hints ("habil partner template --out partenaires.xlsx"); optional.
	Template string
}

// Field returns the field with the given key.
func (s Schema) Field(key string) (Field, bool) {
	for _, f := range s.Fields {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// headerNames returns every accepted header of f (Label and Aliases).
func (f Field) headerNames() []string {
	out := make([]string, 0, len(f.Aliases)+1)
	out = append(out, f.Label)
	return append(out, f.Aliases...)
}

// choices returns the Enum choices (Allowed values when Choices is empty).
func (f Field) choices() []Choice {
	if len(f.Choices) > 0 {
		return f.Choices
	}
	cs := make([]Choice, len(f.Allowed))
	for i, a := range f.Allowed {
		cs[i] = Choice{Value: a}
	}
	return cs
}

// AllowedValues returns the values to show users for the column: Allowed,
// else the Choices' values, else the Bool values.
func (f Field) AllowedValues() []string {
	switch {
	case len(f.Allowed) > 0:
		return f.Allowed
	case len(f.Choices) > 0:
		out := make([]string, len(f.Choices))
		for i, c := range f.Choices {
			out[i] = c.Value
		}
		return out
	case f.Kind == Bool:
		return []string{"oui", "non"}
	}
	return nil
}

// Validate checks the schema itself (a programming error, not a user one):
// keys and labels present and unique, no header alias shared by two fields,
// enum choices present and not ambiguous.
func (s Schema) Validate() error {
	if s.Name == "" || len(s.Fields) == 0 {
		return fmt.Errorf("importer: schema needs a name and fields")
	}
	keys := map[string]bool{}
	headers := map[string]string{}
	for _, f := range s.Fields {
		if f.Key == "" || f.Label == "" {
			return fmt.Errorf("importer: schema %s: a field needs a Key and a Label", s.Name)
		}
		if keys[f.Key] {
			return fmt.Errorf("importer: schema %s: duplicate key %q", s.Name, f.Key)
		}
		keys[f.Key] = true
		if f.Kind < Text || f.Kind > Bool {
			return fmt.Errorf("importer: schema %s: field %s has an unknown kind", s.Name, f.Key)
		}
		seen := map[string]bool{}
		for _, h := range f.headerNames() {
			k := domain.Fold(h)
			if k == "" {
				return fmt.Errorf("importer: schema %s: field %s has an empty alias", s.Name, f.Key)
			}
			if seen[k] {
				continue
			}
			seen[k] = true
			if other, ok := headers[k]; ok {
				return fmt.Errorf("importer: schema %s: header %q belongs to %s and %s", s.Name, h, other, f.Key)
			}
			headers[k] = f.Key
		}
		if f.Kind == Enum {
			cs := f.choices()
			if len(cs) == 0 {
				return fmt.Errorf("importer: schema %s: enum field %s has no choices", s.Name, f.Key)
			}
			vals := map[string]string{}
			for _, c := range cs {
				for _, v := range append([]string{c.Value}, c.Aliases...) {
					k := domain.Fold(v)
					if prev, ok := vals[k]; ok && prev != c.Value {
						return fmt.Errorf("importer: schema %s: field %s: %q means both %s and %s", s.Name, f.Key, v, prev, c.Value)
					}
					vals[k] = c.Value
				}
			}
		}
	}
	return nil
}

// Headers returns the labels of the fields in order (for "expected headers"
// hints).
func (s Schema) Headers() []string {
	out := make([]string, len(s.Fields))
	for i, f := range s.Fields {
		out[i] = f.Label
	}
	return out
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}
