package session

import (
	"context"
	"fmt"
	"strconv"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// ListOptions are the flags of 'session list'.
type ListOptions struct {
	Certification string
	Partner       string
	Status        string
	At            cmdutil.DateFlag
}

// NewCmdList builds 'session list'.
func NewCmdList(f *cmdutil.Factory, runF func(context.Context, *ListOptions) error) *cobra.Command {
	o := &ListOptions{}
	cmd := &cobra.Command{
		Use:   "list [--certification CODE] [--partner SIRET] [--status S] [--at D]",
		Short: "List sessions by date, with their status and candidate counts",
		Long: `List the sessions by date. The status is judged at --at (default today): planned (the
session date has not passed), held (passed, results not all in), results-in (every candidate
has a result), jury-closed (the jury deliberated, or the scores were validated), delivered
(certificates delivered).

--format json: id, certification, partner_siret, partner_name, date, end_date, status, place,
postal_code, mode, jury, jury_date, delivered_on, enrolled, with_result, admitted.`,
		Example: `  habil session list
  habil session list --certification RNCP36141 --status planned
  habil session list --partner 81738914100018 --format json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return listRun(cmd.Context(), f, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Certification, "certification", "", "only sessions of this certification")
	fl.StringVar(&o.Partner, "partner", "", "only sessions this organiser holds (SIRET)")
	fl.StringVar(&o.Status, "status", "", "only sessions in this status: planned, held, results-in, jury-closed or delivered")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func listRun(ctx context.Context, f *cmdutil.Factory, o *ListOptions) error {
	req := app.SessionListRequest{At: f.At(&o.At)}
	if o.Certification != "" {
		c, err := domain.ParseCertCode(o.Certification)
		if err != nil {
			return cmdutil.FlagValue("certification", err)
		}
		req.Filter.Certification = c
	}
	if o.Partner != "" {
		s, err := domain.ParseSIRET(o.Partner)
		if err != nil {
			return cmdutil.FlagValue("partner", err)
		}
		req.Filter.Partner = s
	}
	if o.Status != "" {
		st, err := app.ParseSessionStatus(o.Status)
		if err != nil {
			return cmdutil.FlagValue("status", err)
		}
		req.Status = st
	}
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	list, err := a.ListSessions(ctx, req)
	if err != nil {
		return err
	}
	js := make([]SessionJSON, 0, len(list))
	var rows [][]string
	for _, s := range list {
		js = append(js, toJSON(s, req.At))
		rows = append(rows, []string{strconv.FormatInt(s.ID, 10), string(s.Certification), s.PartnerName, string(s.Partner),
			s.Date.String(), string(s.Status(req.At)), strconv.Itoa(s.Enrolled), strconv.Itoa(s.WithResult), strconv.Itoa(s.Admitted)})
	}
	return cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{
		Headers: []string{"id", "certification", "organiser", "siret", "date", "status", "enrolled", "results", "admitted"},
		Rows:    rows, JSON: js,
		Empty: fmt.Sprintf("No session%s: create one with 'habil session create --certification CODE --partner SIRET --date D'.", map[bool]string{true: " matches", false: " yet"}[req.Filter != (domain.SessionFilter{}) || req.Status != ""]),
	})
}
