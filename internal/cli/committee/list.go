package committee

import (
	"context"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// ListOptions are the flags of 'committee list'.
type ListOptions struct {
	Certification string
}

// NewCmdList builds 'committee list'.
func NewCmdList(f *cmdutil.Factory, runF func(context.Context, *ListOptions) error) *cobra.Command {
	o := &ListOptions{}
	cmd := &cobra.Command{
		Use:   "list [--certification CODE]",
		Short: "List the improvement committee meetings",
		Long: `List the improvement committee meetings by date: id, certification, date, members and
decisions. --format json prints an array of {id, certification, date, members, decisions}
(members as "NAME, ROLE" strings).`,
		Example: `  habil committee list
  habil committee list --certification RNCP38123 --format json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return listRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Certification, "certification", "", "only this certification's meetings")
	return cmd
}

type meetingJSON struct {
	ID            int64    `json:"id"`
	Certification string   `json:"certification"`
	Date          string   `json:"date"`
	Members       []string `json:"members"`
	Decisions     []string `json:"decisions"`
}

func listRun(ctx context.Context, f *cmdutil.Factory, o *ListOptions) error {
	var code domain.CertCode
	if o.Certification != "" {
		var err error
		if code, err = domain.ParseCertCode(o.Certification); err != nil {
			return cmdutil.FlagValue("certification", err)
		}
	}
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	list, err := a.CommitteeList(ctx, code)
	if err != nil {
		return err
	}
	rows := [][]string{}
	js := []meetingJSON{}
	for _, m := range list {
		members := []string{}
		for _, mb := range m.Members {
			s := mb.Name
			if mb.Role != "" {
				s += ", " + mb.Role
			}
			members = append(members, s)
		}
		decisions := append([]string{}, m.Decisions...)
		rows = append(rows, []string{strconv.FormatInt(m.ID, 10), string(m.Certification), m.Date.String(), strings.Join(members, "; "), strconv.Itoa(len(decisions))})
		js = append(js, meetingJSON{ID: m.ID, Certification: string(m.Certification), Date: m.Date.String(), Members: members, Decisions: decisions})
	}
	return cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{
		Headers: []string{"id", "certification", "date", "members", "decisions"},
		Rows:    rows, JSON: js,
		Empty: "No committee meeting recorded: record one with 'habil committee meet --certification CODE --date D --member \"NAME, ROLE\"'.",
	})
}
