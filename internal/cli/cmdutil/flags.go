package cmdutil

import (
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// DateFlag is a civil date flag parsed at flag-parsing time (bad value → exit 2).
type DateFlag struct {
	Date domain.Date
	set  bool
}

func (d *DateFlag) String() string { return d.Date.String() }
func (d *DateFlag) Type() string   { return "date" }

// Set parses YYYY-MM-DD or DD/MM/YYYY.
func (d *DateFlag) Set(s string) error {
	v, err := domain.ParseDate(s)
	if err != nil {
		return err
	}
	d.Date, d.set = v, true
	return nil
}

// IsSet reports whether the flag was given.
func (d *DateFlag) IsSet() bool { return d.set }

// AddAtFlag adds --at (the "today" of the command); Resolve with f.Today() when unset.
func AddAtFlag(cmd *cobra.Command, d *DateFlag) {
	cmd.Flags().Var(d, "at", "evaluate as of this date (YYYY-MM-DD or DD/MM/YYYY; default today)")
}

// At returns the --at date or today.
func (f *Factory) At(d *DateFlag) domain.Date {
	if d.IsSet() {
		return d.Date
	}
	return f.Today()
}
