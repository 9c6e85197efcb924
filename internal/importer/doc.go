// Package importer is habil's format-agnostic spreadsheet import engine:
// every import (partners, candidates, results, survey answers) reads its
// file through it. It imports the domain package only; the file formats
// live in the adapters internal/xlsx and internal/csvfr, which implement
// Source and register themselves for Open.
//
// Reading an import:
//
//	src, err := importer.Open(path, sheet) // .xlsx/.xlsm or .csv/.txt/.tsv; exit 1 or 3 errors
//	if err != nil { return err }
//	defer src.Close()
//	rd, err := importer.NewReader(src, schema) // finds the header row, maps the columns
//	if err != nil { return err }              // rejected: no header, a required column missing…
//	for _, w := range rd.Warnings() { fmt.Fprintln(stderr, "habil: warning: "+w) }
//	for {
//		rec, err := rd.Next() // one data row; io.EOF at the end
//		if err == io.EOF { break }
//		if err != nil { return err }
//		siret, ok := rec.Identifier("siret")
//		if ok { if _, err := domain.ParseSIRET(siret); rec.Fail("siret", err) { continue } }
//		from, _ := rec.Date("from")
//		…
//	}
//	if err := rd.Errors().Report(stderr, 50); err != nil {
//		return err // KindRejected: "partners.xlsx: 7 errors in 5 rows; nothing was written"
//	}
//
// A Schema lists the Fields (columns) of an import: a Key for the code, the
// Label written in templates, the Aliases accepted as headers (compared with
// domain.Fold: case, accents, spaces and punctuation do not matter), whether
// the column is Required, and its Kind (Text, Identifier, Date, Money,
// Decimal, Integer, Enum, Bool), which decides how cells are parsed:
// dates from spreadsheet serials (1900 or 1904 system) or DD/MM/YYYY text,
// amounts with a decimal comma and space/NBSP thousands separators,
// identifiers with their digits exactly as typed (scientific notation such
// as "8,52620E+13" is rejected with a hint to format the column as text).
//
// Every invalid cell of every row becomes a RowError
// ("FILE:ROW:COLUMN: CODE: message", ROW as the spreadsheet shows it, COLUMN
// as the header text in the file) collected in the Reader's ErrorList, so a
// user sees all problems at once. Business checks done by the caller are
// added with Record.Errorf and Record.Fail and end up in the same list.
//
// # The import pipeline
//
// Every import runs the same pipeline: read (streamed) → map headers →
// typed cells → validate every row fully → plan → (dry run: print the plan)
// → write in one transaction → summary. This package holds the
// format-agnostic half:
//
//   - Pipeline[T] reads a Source through a Schema: Map turns each Record
//     into the domain value T, reporting every problem of the row (an
//     unknown bloc, a closed route and reversed dates are three errors, not
//     the first one); Keep folds each valid value into the compact data the
//     plan needs (never the Record, which is reused) and reports conflicts
//     between rows, naming both rows. Read returns the ReadResult (rows,
//     warnings, the ErrorList, the header of each column).
//   - Plan counts, per entity, the records created, updated and left
//     unchanged, and keeps each Change ({"entity","id","action","row",
//     "changes"}) when a dry run will print them.
//
// The other half lives in internal/app (importing.go): runImport plans the
// kept data against the store and writes it in ONE transaction (or plans
// over a read snapshot for a dry run); only a refusal by a domain rule
// (*domain.Error of kind Conflict or Invalid) becomes a row error, any
// other error — the store failing, a full disk, Ctrl-C — aborts and rolls
// the whole import back. A new import (candidates, results, survey answers,
// audit records) is therefore three pieces:
//
//  1. a Schema (its columns; also written by its template);
//  2. a row → domain mapping: Pipeline.Map and Pipeline.Keep;
//  3. a plan-and-apply function given to runImport, which compares the kept
//     data with the store in batches (a few set-based reads per batch) and
//     writes each batch with the store's bulk methods.
//
// app.ImportPartners (partner_import.go) is the first one: memory holds one
// compact entry per partner of the file and one batch of stored partners,
// not the parsed rows nor the register.
//
// Files that cannot be imported at all (not a spreadsheet, damaged, no
// header row, missing required column) give a *domain.Error of kind
// KindRejected (exit 3) whose message starts with the file name; Rejectf
// builds such errors for the adapters. A missing path is KindNotFound (exit 1).
package importer
