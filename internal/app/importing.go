package app

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
)

// This file is the write half every import shares (the read half is
// importer.Pipeline): plan the records kept from the file against the
// store, then write them in ONE transaction, or, for a dry run, plan over a
// read snapshot and write nothing.
//
// A new import is: an importer.Schema, a row → domain mapping (the
// Pipeline's Map and Keep), and a plan-and-apply function given to
// runImport. Only a refusal by a domain rule (a *domain.Error of kind
// Conflict or Invalid) becomes a row error; any other error (the store
// failing, the disk full, Ctrl-C) aborts the whole import and rolls back.

// importWork plans (and, in a transaction, applies) an import's records.
// tx is nil for a dry run: the work must then only read through r. Rule
// refusals go to errs (see rowRefusal); once errs is not empty, the work
// should keep planning (to list every refusal) but write nothing more.
type importWork func(ctx context.Context, r domain.Reader, tx domain.Tx, errs *importer.ErrorList) error

// runImport runs work over one read snapshot (dry run) or one write
// transaction (real import), which is committed only when work returns nil
// and errs stays empty. It returns errs.Err() (KindRejected, exit 3) when
// rules refused rows, and any other error as it is (exit 1, or 130 for a
// cancellation).
func (a *App) runImport(ctx context.Context, dryRun bool, errs *importer.ErrorList, work importWork) error {
	var err error
	if dryRun {
		err = a.Store.Read(ctx, func(r domain.Reader) error { return work(ctx, r, nil, errs) })
	} else {
		err = a.Store.Update(ctx, func(tx domain.Tx) error {
			if err := work(ctx, tx, tx, errs); err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			return errs.Err() // rolls back: all-or-nothing
		})
	}
	if err != nil && ctx.Err() != nil {
		// Interrupted: whatever the driver said (an interrupted statement,
		// a rollback), the import stopped because of the cancellation.
		return interrupted(ctx)
	}
	if err != nil && errs.Len() > 0 && isRejection(err) {
		return errs.Err()
	}
	if err != nil {
		return err
	}
	return errs.Err()
}

// interrupted is the one error of an import stopped by a cancellation
// (Ctrl-C) anywhere in reading, checking or writing: the transaction, if
// any, was rolled back, and the rows read so far say nothing (exit 130,
// one line). It wraps ctx.Err() (errors.Is(err, context.Canceled)).
func interrupted(ctx context.Context) error {
	return &domain.Error{Kind: domain.KindInternal, Code: "INTERRUPTED", Msg: "interrupted: nothing was written", Err: ctx.Err()}
}

// importStopped reports whether an import's error comes from a
// cancellation (ctx done): the caller then drops what it read (warnings,
// row errors of an unfinished file) and returns interrupted(ctx).
func importStopped(ctx context.Context, err error) bool {
	return err != nil && ctx.Err() != nil
}

// importAborted reports whether runImport's error aborted the import (a
// store error or a cancellation), rather than rejected rows: the caller
// then drops the row errors and warnings found so far, which are only a
// part of the file's and are not the reason, so that the command says one
// thing: the cause.
func importAborted(err error) bool {
	return err != nil && !isRejection(err)
}

func isRejection(err error) bool {
	var de *domain.Error
	return errors.As(err, &de) && de.Code == "IMPORT_REJECTED"
}

// rowRefusal turns a refusal by a domain rule into a row error of the file
// (code and message of the rule, hint appended) and reports true; any other
// error (store, driver, cancellation) is not a row's fault: it returns false
// and the caller must abort with it.
func rowRefusal(err error, row int, column string) (importer.RowError, bool) {
	var de *domain.Error
	if !errors.As(err, &de) || (de.Kind != domain.KindConflict && de.Kind != domain.KindInvalid) {
		return importer.RowError{}, false
	}
	code := de.Code
	if code == "" {
		code = "REFUSED"
	}
	msg := de.Msg
	if de.Hint != "" {
		msg += "; " + de.Hint
	}
	return importer.RowError{Row: row, Column: column, Code: code, Msg: msg}, true
}

// openImport opens the file of an import (open defaults to importer.Open,
// which reads the formats registered by the CLI: .xlsx, .csv).
func openImport(open func(path, sheet string) (importer.Source, error), path, sheet string) (importer.Source, error) {
	if open == nil {
		open = importer.Open
	}
	return open(path, sheet)
}

// readImport opens an import's file and reads it through pl. got receives
// what was read (file name, rows, warnings, row errors) unless the read was
// interrupted: the rows read so far then say nothing and the error is
// interrupted(ctx). The error is also the file's failure to open or to be
// read, or, with row errors, their rejection (exit 3). The file is closed
// on return, before the caller writes.
func readImport[T any](ctx context.Context, open func(path, sheet string) (importer.Source, error), path, sheet string, pl importer.Pipeline[T], got func(*importer.ReadResult)) (*importer.ReadResult, error) {
	src, err := openImport(open, path, sheet)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	read, err := pl.Read(ctx, src)
	if importStopped(ctx, err) {
		return nil, interrupted(ctx)
	}
	if read != nil {
		got(read)
	}
	if err != nil {
		return read, err
	}
	if read.Errors.Len() > 0 {
		return read, read.Errors.Err()
	}
	return read, nil
}

// importReason is the journal reason of an import: "import FILE".
func importReason(reason, path string) string {
	if reason != "" {
		return reason
	}
	return "import " + filepath.Base(path)
}

// importCertifications reads the certifications an import checks its rows
// against (by code) and their codes for "known certifications" hints; an
// interruption while reading is the import's one cancellation error.
func (a *App) importCertifications(ctx context.Context) (map[domain.CertCode]*domain.Certification, []string, error) {
	certs := map[domain.CertCode]*domain.Certification{}
	var known []string
	if err := a.Store.Read(ctx, func(r domain.Reader) error {
		list, err := r.Certifications()
		for _, c := range list {
			certs[c.Code] = c
			known = append(known, string(c.Code))
		}
		return err
	}); err != nil {
		if importStopped(ctx, err) {
			return nil, nil, interrupted(ctx)
		}
		return nil, nil, err
	}
	return certs, known, nil
}
