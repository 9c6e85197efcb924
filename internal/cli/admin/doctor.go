package admin

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// NewCmdDoctor builds 'habil doctor'.
func NewCmdDoctor(f *cmdutil.Factory, runF func(context.Context) error) *cobra.Command {
	return &cobra.Command{
		Use:   "doctor",
		Short: "Check the database: integrity, foreign keys, schema version, file mode",
		Long: `Check the database file: SQLite integrity check, foreign-key check, schema version,
path and file mode (it must be 0600: the file holds personal data), SQLite's -wal and
-shm files beside it (a mode or owner that would make the next write fail, e.g. left at
0400: chmod 600), and the records that contradict the fiches (HABILITATION_BLOC_UNKNOWN:
a habilitation or a running convention limited to a bloc a re-imported fiche no longer
has). Exits 1 when something is wrong, so that a nightly job notices. A file that is not
a habil database is named as such and never changed. A database this user cannot write
(mode 0400, a read-only folder) is checked read-only.`,
		Example: "  habil doctor\n  habil --db /srv/habil/habil.db doctor --format json",
		Args:    cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context())
			}
			return doctorRun(cmd.Context(), f)
		},
	}
}

type doctorJSON struct {
	Path          string   `json:"path"`
	Mode          string   `json:"mode"`
	SchemaVersion int      `json:"schema_version"`
	Expected      int      `json:"expected_schema_version"`
	JournalMode   string   `json:"journal_mode"`
	SizeBytes     int64    `json:"size_bytes"`
	Problems      []string `json:"problems"`
	OK            bool     `json:"ok"`
}

func doctorRun(ctx context.Context, f *cmdutil.Factory) error {
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	h, err := a.Doctor(ctx)
	if err != nil {
		return err
	}
	probs := h.Problems()
	if probs == nil {
		probs = []string{}
	}
	// The content checks (a habilitation on a bloc the fiche lost…).
	dataProbs, err := a.DoctorData(ctx)
	if err != nil {
		return err
	}
	probs = append(probs, dataProbs...)
	j := doctorJSON{h.Path, fmt.Sprintf("%04o", h.Mode), h.SchemaVersion, h.LatestVersion, h.JournalMode, h.SizeBytes, probs, len(probs) == 0}
	integrity := "ok"
	if len(h.Integrity) != 1 || h.Integrity[0] != "ok" {
		integrity = "FAILED"
	}
	fk := "ok"
	if len(h.ForeignKeyErrs) > 0 {
		fk = fmt.Sprintf("%d broken references", len(h.ForeignKeyErrs))
	}
	rows := [][]string{
		{"path", h.Path},
		{"file mode", fmt.Sprintf("%04o", h.Mode)},
		{"schema version", fmt.Sprintf("%d (this habil: %d)", h.SchemaVersion, h.LatestVersion)},
		{"journal mode", h.JournalMode},
		{"size", fmt.Sprintf("%d bytes", h.SizeBytes)},
		{"integrity check", integrity},
		{"foreign keys", fk},
	}
	data := "ok"
	if len(dataProbs) > 0 {
		data = fmt.Sprintf("%d records contradict the fiches", len(dataProbs))
	}
	rows = append(rows, []string{"data", data})
	if err := cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{Headers: []string{"check", "result"}, Rows: rows, JSON: j}); err != nil {
		return err
	}
	if len(probs) > 0 {
		for _, p := range probs { // a data problem quotes names: no raw control character
			fmt.Fprintf(cmdutil.SafeWriter(f.IOStreams.ErrOut), "habil: problem: %s\n", p)
		}
		// The hint fits the problems found: a file mode is fixed with chmod,
		// a damaged file by going back to a backup.
		var hints []string
		if integrity != "ok" || len(h.ForeignKeyErrs) > 0 {
			hints = append(hints, "the file is damaged: go back to the latest backup ('habil restore FILE'; 'habil backup' writes them)")
		}
		if h.Mode&0o077 != 0 {
			hints = append(hints, fmt.Sprintf("restrict the file to its owner: chmod 600 %s", h.Path))
		}
		if len(h.FileProblems) > 0 {
			hints = append(hints, fmt.Sprintf("give SQLite's side files the database's owner and mode 0600: chmod 600 %s-wal %s-shm", h.Path, h.Path))
		}
		if h.SchemaVersion != h.LatestVersion {
			hints = append(hints, "run habil once with write access (it upgrades the schema), or use the habil that wrote the file")
		}
		if len(dataProbs) > 0 {
			hints = append(hints, "correct the records each data problem names ('habil check' lists them with the others)")
		}
		n := fmt.Sprintf("%d problems", len(probs))
		if len(probs) == 1 {
			n = "1 problem"
		}
		return &cmdutil.ExitError{Code: 1, Msg: "the database has " + n, Hint: strings.Join(hints, "; ")}
	}
	fmt.Fprintln(f.IOStreams.ErrOut, "The database is healthy.")
	return nil
}
