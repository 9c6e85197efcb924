package session

import (
	"context"
	"fmt"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// EditOptions are the flags of 'session edit'.
type EditOptions struct {
	ID string
	sessionFlags
	cmd *cobra.Command
}

// NewCmdEdit builds 'session edit'.
func NewCmdEdit(f *cmdutil.Factory, runF func(context.Context, *EditOptions) error) *cobra.Command {
	o := &EditOptions{}
	cmd := &cobra.Command{
		Use:   "edit ID [--date D] [--end-date D] [--place TEXT] [--postal-code CP] [--mode onsite|remote|mixed] [--jury \"NAME, ROLE\"]...",
		Short: "Change a session's date, place, postal code, mode or jury",
		Long: `Change what a session records; flags not given are kept. --jury replaces the whole jury
(repeat it for each member; --jury "" clears it). A new date is checked again against the
organiser's habilitation; the dates of a session whose jury deliberated no longer change.`,
		Example: `  habil session edit 4 --postal-code 69003 --place "Lyon 3e"
  habil session edit 4 --jury "Anne Roy, professionnelle du secteur" --jury "Paul Lé, formateur"`,
		Args: cmdutil.ExactArgs(1, "the session's id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID, o.cmd = args[0], cmd
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return editRun(cmd.Context(), f, o)
		},
	}
	o.sessionFlags.add(cmd, false)
	return cmd
}

func editRun(ctx context.Context, f *cmdutil.Factory, o *EditOptions) error {
	id, err := parseID(o.ID)
	if err != nil {
		return err
	}
	req := app.SessionEdit{ID: id}
	ch := o.cmd.Flags().Changed
	if ch("date") {
		req.Date = &o.Date.Date
	}
	if ch("end-date") {
		req.EndDate = &o.EndDate.Date
	}
	if ch("place") {
		req.Place = &o.Place
	}
	if ch("postal-code") {
		req.PostalCode = &o.PostalCode
	}
	if ch("mode") {
		m, err := o.mode()
		if err != nil {
			return err
		}
		req.Mode = &m
	}
	if ch("jury") {
		req.Jury = []string{}
		for _, j := range o.Jury {
			if j != "" {
				req.Jury = append(req.Jury, j)
			}
		}
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	res, err := a.EditSession(ctx, req)
	if err != nil {
		return err
	}
	cmdutil.Warn(f.IOStreams, "", res.Warnings)
	fmt.Fprintf(f.IOStreams.ErrOut, "Session %d updated.\n", res.Session.ID)
	return nil
}
