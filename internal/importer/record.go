package importer

import (
	"errors"
	"fmt"

	"github.com/habil-app/habil/internal/domain"
)

// Record is one data row. Its values were checked against the field kinds
// when it was read: an accessor returns ok=false for an empty cell, an absent
// column or an invalid value (already recorded as a RowError). Accessors
// panic on a key the schema does not have or a kind mismatch: those are
// programming errors.
type Record struct {
	Row  int // row number as the spreadsheet shows it
	r    *Reader
	vals []value
	errs []RowError
	// async: the record is read ahead of the rows being mapped (see
	// Pipeline.Read): its errors are added to the Reader's list only when
	// its turn comes (flush), so that the list keeps the file's order.
	async bool
}

// flush adds the errors found while reading an async record to the
// Reader's list; the record's later errors go there directly.
func (rec *Record) flush() {
	rec.async = false
	for _, e := range rec.errs {
		rec.r.errs.Add(e)
	}
}

type value struct {
	text string // trimmed cell text
	ok   bool   // a valid, non-empty value
	str  string // Identifier, Enum
	date domain.Date
	i    int64 // Money (cents), Integer
	f    float64
	b    bool
}

func (rec *Record) field(key string, kinds ...Kind) (Field, *value) {
	i := rec.r.index(key)
	f := rec.r.schema.Fields[i]
	if len(kinds) > 0 && f.Kind != kinds[0] {
		panic(fmt.Sprintf("importer: field %q of schema %s is %v, not %v", key, rec.r.schema.Name, f.Kind, kinds[0]))
	}
	return f, &rec.vals[i]
}

// Text returns the trimmed text of the cell ("" when empty or absent), for
// any kind of field.
func (rec *Record) Text(key string) string {
	_, v := rec.field(key)
	return v.text
}

// Has reports whether the file has the column and the cell is not empty.
func (rec *Record) Has(key string) bool {
	_, v := rec.field(key)
	return v.text != ""
}

// HasColumn reports whether the file has a column for the field.
func (rec *Record) HasColumn(key string) bool { return rec.r.HasColumn(key) }

// Valid reports whether the value of the field was read without error and
// is not empty.
func (rec *Record) Valid(key string) bool {
	_, v := rec.field(key)
	return v.ok
}

// Identifier returns the identifier as typed (numbers stored by a program
// expanded to their exact digits). Check its format with the domain parser
// (domain.ParseSIRET…) and report failures with Fail.
func (rec *Record) Identifier(key string) (string, bool) {
	_, v := rec.field(key, Identifier)
	return v.str, v.ok
}

// Date returns the date of a Date field.
func (rec *Record) Date(key string) (domain.Date, bool) {
	_, v := rec.field(key, Date)
	return v.date, v.ok
}

// Money returns the amount of a Money field.
func (rec *Record) Money(key string) (domain.Money, bool) {
	_, v := rec.field(key, Money)
	return domain.Money(v.i), v.ok
}

// Decimal returns the number of a Decimal field.
func (rec *Record) Decimal(key string) (float64, bool) {
	_, v := rec.field(key, Decimal)
	return v.f, v.ok
}

// Integer returns the number of an Integer field.
func (rec *Record) Integer(key string) (int64, bool) {
	_, v := rec.field(key, Integer)
	return v.i, v.ok
}

// Enum returns the canonical Choice.Value (or Allowed value) of an Enum field.
func (rec *Record) Enum(key string) (string, bool) {
	_, v := rec.field(key, Enum)
	return v.str, v.ok
}

// Bool returns the value of a Bool field; ok is false when the cell is empty
// or invalid.
func (rec *Record) Bool(key string) (b, ok bool) {
	_, v := rec.field(key, Bool)
	return v.b, v.ok
}

// Column returns the header of the field as written in the file.
func (rec *Record) Column(key string) string { return rec.r.Column(key) }

// Errorf records an error about the field's cell (key "" for an error about
// the whole row) in the record and the reader's error list.
func (rec *Record) Errorf(key, code, format string, args ...any) {
	fi := -1
	if key != "" {
		fi = rec.r.index(key)
		rec.vals[fi].ok = false
	}
	rec.add(fi, code, fmt.Sprintf(format, args...))
}

// Fail records err (typically a *domain.Error from a domain parser: its code,
// message and hint are kept) as an error about the field's cell. A nil err
// records nothing and returns false; otherwise Fail returns true.
func (rec *Record) Fail(key string, err error) bool {
	if err == nil {
		return false
	}
	p := fromDomain(err, "INVALID")
	var de *domain.Error
	if !errors.As(err, &de) {
		p.code = "INVALID"
	}
	fi := -1
	if key != "" {
		fi = rec.r.index(key)
		rec.vals[fi].ok = false
	}
	rec.add(fi, p.code, p.msg)
	return true
}

// add records an error on field index fi (-1: the whole row).
func (rec *Record) add(fi int, code, msg string) {
	col := ""
	if fi >= 0 {
		col = rec.r.Column(rec.r.schema.Fields[fi].Key)
	}
	e := RowError{File: rec.r.name, Row: rec.Row, Column: col, Code: code, Msg: msg}
	rec.errs = append(rec.errs, e)
	if !rec.async {
		rec.r.errs.Add(e)
	}
}

// Errors returns the errors of this row.
func (rec *Record) Errors() []RowError { return rec.errs }

// OK reports whether the row has no error.
func (rec *Record) OK() bool { return len(rec.errs) == 0 }
