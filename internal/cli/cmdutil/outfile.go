package cmdutil

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/habil-app/habil/internal/atomicfile"
	"github.com/habil-app/habil/internal/csvfr"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
	"github.com/habil-app/habil/internal/xlsx"
)

// OutExt checks that --out ends with one of the allowed extensions and
// returns it (lower case, with the dot).
func OutExt(path string, allowed ...string) (string, error) {
	if strings.TrimSpace(path) == "" {
		return "", FlagErrorf("--out is required: give the file to write (%s)", strings.Join(allowed, " or "))
	}
	ext := strings.ToLower(filepath.Ext(path))
	for _, a := range allowed {
		if ext == a {
			return ext, nil
		}
	}
	return "", &FlagError{Err: domain.Invalid("OUT_FORMAT", "--out %s: the format follows the extension; use %s", path, strings.Join(allowed, " or ")), NoUsage: true}
}

// WriteFile writes path atomically (temporary name, then rename) with mode,
// turning a missing folder into a clear error.
func WriteFile(path string, mode os.FileMode, fn func(w io.Writer) error) error {
	err := atomicfile.Write(path, mode, fn)
	if errors.Is(err, atomicfile.ErrFolder) {
		return domain.Errorf(domain.KindNotFound, "OUT_FOLDER", "cannot write %s: the folder %s does not exist", path, filepath.Dir(path)).
			WithHint("create the folder first, or choose another --out")
	}
	if e := outProtected(err); e != nil {
		return e
	}
	if err != nil {
		return domain.Errorf(domain.KindInternal, "OUT_WRITE", "%v", err).
			WithHint("check that the folder is writable and has free space, or choose another --out")
	}
	return nil
}

// WriteTableFile writes a table as .xlsx (one sheet, bold frozen header) or
// as French Excel CSV (UTF-8 BOM, ';', CRLF, formulas neutralised), by the
// extension of path. Cell types are those of xlsx.Workbook and csvfr.Writer.
func WriteTableFile(path string, mode os.FileMode, created time.Time, sheet string, cols []xlsx.Column, rows [][]any) error {
	ext, err := OutExt(path, ".xlsx", ".csv")
	if err != nil {
		return err
	}
	return WriteFile(path, mode, func(w io.Writer) error {
		if ext == ".csv" {
			headers := make([]string, len(cols))
			for i, c := range cols {
				headers[i] = c.Header
			}
			return csvfr.Write(w, headers, csvCells(rows))
		}
		return xlsx.WriteTable(w, created, sheet, cols, rows)
	})
}

// WriteTemplate writes the blank import workbook of a schema (.xlsx).
func WriteTemplate(path string, s importer.Schema, created time.Time) error {
	if _, err := OutExt(path, ".xlsx"); err != nil {
		return err
	}
	return WriteFile(path, 0o644, func(w io.Writer) error { return xlsx.WriteTemplate(w, s, created) })
}

// csvCells turns the xlsx-only cell types into their CSV equivalent.
func csvCells(rows [][]any) [][]any {
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = make([]any, len(r))
		for j, v := range r {
			if t, ok := v.(xlsx.Text); ok {
				v = string(t)
			}
			out[i][j] = v
		}
	}
	return out
}
