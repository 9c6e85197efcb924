package report

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/habil-app/habil/internal/atomicfile"
	"github.com/habil-app/habil/internal/buildinfo"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// ManifestName is the file 'report all' writes last, listing the others.
const ManifestName = "manifest.json"

// AllOptions are the flags of 'report all'.
type AllOptions struct {
	Out string
	At  cmdutil.DateFlag
}

// NewCmdAll builds 'report all'.
func NewCmdAll(f *cmdutil.Factory, runF func(context.Context, *AllOptions) error) *cobra.Command {
	o := &AllOptions{}
	cmd := &cobra.Command{
		Use:   "all --out DIR [--at D]",
		Short: "Write every report into one folder (for the nightly run); exit 4 on a compliance error",
		Long: `Write every report of every certification and partner into DIR, with fixed names, from one
consistent read of the database, plus manifest.json (the date, habil's version and every file
with its size and SHA-256). It only reads: nothing is marked as sent.

Files: network.pdf and network.xlsx (the dashboard), habilitations.xlsx, audit-plan.xlsx,
conventions-ending.xlsx, check.json and check.pdf (the compliance findings), and the reports of
each area (France Compétences statistics, royalty statements, the CPF accrochage preview)
when there is something to report.

When DIR exists, is not empty and holds no manifest of an earlier run, the files go into
DIR/<date> instead (said on stderr), so that a run never mixes with other files. Every file is
written with mode 0600 (they hold personal data), under a temporary name then renamed.

Same database and --at: the same files, byte for byte (the manifest's own time aside).
Memory: the database is read through a small cache and the heap kept under a soft limit of
144 MiB (about 185 MB in all for 50,000 candidates); set GOMEMLIMIT (e.g. GOMEMLIMIT=512MiB)
to give it more room for a little less CPU time.
Exit code: 4 when the check finds an error (as 'habil check' exits), 0 otherwise; 1, 2 or 5
when the reports could not be written.`,
		Example: `  habil report all --out /srv/qualite/$(date +%F)
  habil report all --out reports --at 2026-12-31`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Out == "" {
				return cmdutil.FlagErrorf("report all needs --out DIR")
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return allRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "folder to write the reports into (created when missing)")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

// Manifest is manifest.json.
type Manifest struct {
	At          string         `json:"at"`
	Version     string         `json:"version"`
	GeneratedAt string         `json:"generated_at"`
	Files       []ManifestFile `json:"files"`
}

// ManifestFile is one file of the manifest.
type ManifestFile struct {
	Name   string `json:"name"`
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
}

// outputFolder says where the files go: DIR when it is missing, empty or
// holds an earlier manifest; else DIR/<at>.
func outputFolder(dir string, at domain.Date) (string, bool, error) {
	usable := func(d string) (bool, error) {
		entries, err := os.ReadDir(d)
		if errors.Is(err, os.ErrNotExist) {
			return true, nil
		}
		if err != nil {
			if st, serr := os.Stat(d); serr == nil && !st.IsDir() {
				return false, domain.Errorf(domain.KindNotFound, "OUT_NOT_FOLDER", "%s is a file, not a folder", d).
					WithHint("give --out a folder (it is created when missing)")
			}
			return false, domain.Errorf(domain.KindNotFound, "OUT_FOLDER", "cannot read the folder %s: %v", d, atomicfile.Reason(err))
		}
		if len(entries) == 0 {
			return true, nil
		}
		_, err = os.Stat(filepath.Join(d, ManifestName))
		return err == nil, nil
	}
	ok, err := usable(dir)
	if err != nil || ok {
		return dir, false, err
	}
	sub := filepath.Join(dir, at.String())
	ok, err = usable(sub)
	if err != nil {
		return "", false, err
	}
	if !ok {
		return "", false, domain.Errorf(domain.KindConflict, "OUT_NOT_EMPTY", "%s and %s both hold other files than an earlier report run", dir, sub).
			WithHint("give --out an empty or new folder")
	}
	return sub, true, nil
}

func allRun(ctx context.Context, f *cmdutil.Factory, o *AllOptions) error {
	a, err := f.ReadAppWhole(ctx, "there is nothing to report")
	if err != nil {
		return err
	}
	at := f.At(&o.At)
	dir, moved, err := outputFolder(o.Out, at)
	if err != nil {
		return err
	}
	w := cmdutil.ReportWriters(at.Time())
	w.Accrochage = accrochageCodec(a.AccrochageXSD())
	res, err := a.ReportAll(ctx, at, w)
	if err != nil {
		return err
	}
	if moved {
		fmt.Fprintf(f.IOStreams.ErrOut, "%s holds other files: writing into %s.\n", o.Out, dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return domain.Errorf(domain.KindNotFound, "OUT_FOLDER", "cannot create the folder %s: %v", dir, atomicfile.Reason(err))
	}
	m := Manifest{At: at.String(), Version: buildinfo.Version, GeneratedAt: f.Now().UTC().Format(time.RFC3339), Files: []ManifestFile{}}
	for _, file := range res.Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		path := filepath.Join(dir, file.Name)
		if err := f.CheckOut(path); err != nil {
			return err
		}
		if err := cmdutil.WriteFile(path, 0o600, func(w io.Writer) error { _, err := w.Write(file.Data); return err }); err != nil {
			return err
		}
		sum := sha256.Sum256(file.Data)
		m.Files = append(m.Files, ManifestFile{Name: file.Name, Size: len(file.Data), SHA256: hex.EncodeToString(sum[:])})
	}
	var buf bytes.Buffer
	if err := cmdutil.WriteJSON(&buf, m); err != nil {
		return err
	}
	if err := cmdutil.WriteFile(filepath.Join(dir, ManifestName), 0o600, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
		return err
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "%s written to %s (at %s).\n", cmdutil.Count(len(res.Files)+1, "file"), dir, at)
	cmdutil.FindingsSummary(f.IOStreams.ErrOut, res.Findings, at)
	// Exit 4 on an error, as 'habil check --fail-on error' exits.
	return cmdutil.FailOn(res.Findings, domain.SeverityError)
}
