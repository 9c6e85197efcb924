package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// HistoryOptions are the flags of 'habil history'.
type HistoryOptions struct {
	Entity string
	ID     string
	Limit  int
	Since  cmdutil.DateFlag
	Until  cmdutil.DateFlag
	User   string
	Action string
}

// NewCmdHistory builds 'habil history'.
func NewCmdHistory(f *cmdutil.Factory, runF func(context.Context, *HistoryOptions) error) *cobra.Command {
	opts := &HistoryOptions{}
	cmd := &cobra.Command{
		Use:   "history",
		Short: "Show the change journal: who changed what, when, from which command",
		Long: `Every command that changes data appends to the change journal in the same transaction:
when, which OS user, the command line, the entity, its id, and the values before and after.

--entity is one of: ` + strings.Join(journalEntities, ", ") + `. --id is the record's id as the
journal keeps it: a SIRET (spaces and dots allowed, as printed), a certification code, a convention
or habilitation number.

--since D and --until D keep the entries of the days from D (included) and up to D
(included), in local time; --user keeps one OS user's entries, --action one action
(create, update, delete, status, end, amend, attach, restore, purge…). The filters
combine; --limit then keeps the last N of what they select.

With --format json, each entry has seq, at (RFC 3339, UTC), user, command, action,
entity, id, before and after (the values as JSON objects, null when none).`,
		Example: "  habil history --entity partner --id 73282932000074\n  habil history --id \"732 829 320 00074\"\n  habil history --entity convention --limit 20 --format json\n  habil history --since 2026-11-01 --until 2026-11-30 --user marie --action update",
		Args:    cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Limit < 0 {
				return cmdutil.FlagErrorf("--limit must be positive")
			}
			if opts.Since.IsSet() && opts.Until.IsSet() && opts.Until.Date.Before(opts.Since.Date) {
				return cmdutil.FlagErrorf("--until %s is before --since %s", opts.Until.Date, opts.Since.Date)
			}
			if err := normaliseHistory(opts); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return historyRun(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Entity, "entity", "", "only this kind of record: "+strings.Join(journalEntities, ", "))
	cmd.Flags().StringVar(&opts.ID, "id", "", "only the record with this id (SIRET, code, number…)")
	cmd.Flags().IntVar(&opts.Limit, "limit", 0, "only the last N entries")
	cmd.Flags().Var(&opts.Since, "since", "only entries from this day on (YYYY-MM-DD or DD/MM/YYYY)")
	cmd.Flags().Var(&opts.Until, "until", "only entries up to this day, included")
	cmd.Flags().StringVar(&opts.User, "user", "", "only this OS user's entries")
	cmd.Flags().StringVar(&opts.Action, "action", "", "only this action (create, update, delete, restore…)")
	return cmd
}

// journalEntities are the kinds of record the journal holds.
var journalEntities = []string{"certifier", "certification", "partner", "habilitation", "convention", "reconcile", "audit", "database", "candidate", "session", "certificate"}

// normaliseHistory checks --entity against the journal's kinds of record
// (exit 2 listing them) and writes a SIRET or certification code given in
// --id the way the journal keeps it ("512 345 678 00050" → 51234567800050).
func normaliseHistory(o *HistoryOptions) error {
	if o.Entity != "" {
		e := strings.ToLower(strings.TrimSpace(o.Entity))
		if !slices.Contains(journalEntities, e) {
			return cmdutil.FlagValue("entity", fmt.Errorf("%q is not a kind of record of the journal: use %s", o.Entity, strings.Join(journalEntities, ", ")))
		}
		o.Entity = e
	}
	id := strings.TrimSpace(o.ID)
	if siret, err := domain.ParseSIRET(id); err == nil {
		id = string(siret)
	} else if code, err := domain.ParseCertCode(id); err == nil {
		id = string(code)
	}
	o.ID = id
	return nil
}

type historyJSON struct {
	Seq     int64           `json:"seq"`
	At      string          `json:"at"`
	User    string          `json:"user"`
	Command string          `json:"command"`
	Action  string          `json:"action"`
	Entity  string          `json:"entity"`
	ID      string          `json:"id"`
	Before  json.RawMessage `json:"before"`
	After   json.RawMessage `json:"after"`
}

func historyRun(ctx context.Context, f *cmdutil.Factory, o *HistoryOptions) error {
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	flt := domain.JournalFilter{Entity: o.Entity, ID: o.ID, Limit: o.Limit,
		User: strings.TrimSpace(o.User), Action: strings.ToLower(strings.TrimSpace(o.Action))}
	if o.Since.IsSet() {
		flt.Since = dayStart(o.Since.Date)
	}
	if o.Until.IsSet() {
		flt.Until = dayStart(o.Until.Date.AddDays(1))
	}
	list, err := a.History(ctx, flt)
	if err != nil {
		return err
	}
	js := make([]historyJSON, 0, len(list))
	var rows [][]string
	null := json.RawMessage("null")
	for _, e := range list {
		b, a := e.Before, e.After
		if b == nil {
			b = null
		}
		if a == nil {
			a = null
		}
		js = append(js, historyJSON{e.Seq, e.At, e.User, e.Command, e.Action, e.Entity, e.ID, b, a})
		rows = append(rows, []string{strconv.FormatInt(e.Seq, 10), e.At, e.User, e.Action, e.Entity, e.ID, e.Command})
	}
	return cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{
		Headers: []string{"#", "at", "user", "action", "entity", "id", "command"},
		Rows:    rows, JSON: js, Empty: "The journal is empty.",
	})
}

// dayStart is the journal time (RFC 3339, UTC) of local midnight of d.
func dayStart(d domain.Date) string {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.Local).UTC().Format(time.RFC3339)
}
