package improve

import (
	"context"
	"strconv"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// ListOptions are the flags of 'improve list'.
type ListOptions struct {
	Open bool
	At   cmdutil.DateFlag
}

// NewCmdList builds 'improve list'.
func NewCmdList(f *cmdutil.Factory, runF func(context.Context, *ListOptions) error) *cobra.Command {
	o := &ListOptions{}
	cmd := &cobra.Command{
		Use:   "list [--open] [--at D]",
		Short: "List the improvement actions",
		Long: `List the improvement actions by id: source, partner, certification, opened, due and closed
dates, whether it is overdue at --at (default today), the text and the outcome. --open keeps the
open ones. --format json prints an array of {id, source, text, siret, partner, certification,
opened_on, due, closed_on, outcome, overdue, origin} (empty strings when a value is absent).`,
		Example: `  habil improve list
  habil improve list --open --format json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return listRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().BoolVar(&o.Open, "open", false, "only the open actions")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

type actionJSON struct {
	ID            int64  `json:"id"`
	Source        string `json:"source"`
	Text          string `json:"text"`
	SIRET         string `json:"siret"`
	Partner       string `json:"partner"`
	Certification string `json:"certification"`
	OpenedOn      string `json:"opened_on"`
	Due           string `json:"due"`
	ClosedOn      string `json:"closed_on"`
	Outcome       string `json:"outcome"`
	Overdue       bool   `json:"overdue"`
	Origin        string `json:"origin"`
}

func listRun(ctx context.Context, f *cmdutil.Factory, o *ListOptions) error {
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	list, err := a.ImprovementList(ctx, o.Open)
	if err != nil {
		return err
	}
	at := f.At(&o.At)
	rows := [][]string{}
	js := []actionJSON{}
	for _, x := range list {
		over := ""
		if x.Overdue(at) {
			over = "yes"
		}
		rows = append(rows, []string{strconv.FormatInt(x.ID, 10), string(x.Source), string(x.Partner), string(x.Certification), x.OpenedOn.String(),
			x.Due.String(), x.ClosedOn.String(), over, x.Text, x.Outcome})
		js = append(js, actionJSON{ID: x.ID, Source: string(x.Source), Text: x.Text, SIRET: string(x.Partner), Partner: x.PartnerName,
			Certification: string(x.Certification), OpenedOn: x.OpenedOn.String(), Due: x.Due.String(), ClosedOn: x.ClosedOn.String(),
			Outcome: x.Outcome, Overdue: x.Overdue(at), Origin: x.Origin})
	}
	empty := "No improvement action recorded: record one with 'habil improve add --source SOURCE --text TEXT'."
	if o.Open {
		empty = "No improvement action is open."
	}
	return cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{
		Headers: []string{"id", "source", "siret", "certification", "opened", "due", "closed", "overdue", "text", "outcome"},
		Rows:    rows, JSON: js, Empty: empty,
	})
}
