package session

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// ShowOptions are the flags of 'session show'.
type ShowOptions struct {
	ID string
	At cmdutil.DateFlag
}

// CandidateJSON is one candidate of 'session show' (cli-contract.md:
// birth_name, first_name, birth_date, access, result, blocs_validated,
// certificate_number).
type CandidateJSON struct {
	EnrollmentID   int64    `json:"enrollment_id"`
	BirthName      string   `json:"birth_name"`
	UsageName      *string  `json:"usage_name"`
	FirstName      string   `json:"first_name"`
	FirstNames     []string `json:"first_names"`
	BirthDate      string   `json:"birth_date"`
	Sex            *string  `json:"sex"`
	BirthINSEE     *string  `json:"birth_insee"`
	BirthTown      *string  `json:"birth_town"`
	BirthCountry   *string  `json:"birth_country"`
	Email          *string  `json:"email"`
	Access         string   `json:"access"`
	VAEType        *string  `json:"vae_type"`
	Blocs          []string `json:"blocs"`
	CPFFile        *string  `json:"cpf_file"`
	RegisteredOn   *string  `json:"registered_on"`
	TrainedBy      *string  `json:"trained_by"`
	Accommodation  *string  `json:"accommodation"`
	Result         *string  `json:"result"`
	BlocsValidated []string `json:"blocs_validated"`
	// BlocsEarlier are the blocs validated in earlier sessions of the same
	// certification ("blocs acquis antérieurement"), which count with these.
	BlocsEarlier      []string `json:"blocs_acquired_earlier"`
	Mention           *string  `json:"mention"`
	Score             *string  `json:"score"`
	CertificateNumber *string  `json:"certificate_number"`
	Attestation       *string  `json:"attestation_number"`
}

// EventJSON is one entry of the session's log.
type EventJSON struct {
	ID           int64   `json:"id"`
	Kind         string  `json:"kind"`
	Date         string  `json:"date"`
	Text         *string `json:"text"`
	EnrollmentID *int64  `json:"enrollment_id"`
	Outcome      *string `json:"outcome"`
	OutcomeDate  *string `json:"outcome_date"`
	Path         *string `json:"path"`
	SHA256       *string `json:"sha256"`
	Size         *int64  `json:"size"`
	RecordedAt   string  `json:"recorded_at"`
}

// ShowJSON is 'session show --format json'.
type ShowJSON struct {
	SessionJSON
	Candidates []CandidateJSON `json:"candidates"`
	Log        []EventJSON     `json:"log"`
}

func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func candidateJSON(e *domain.Enrollment) CandidateJSON {
	c := e.Candidate
	j := CandidateJSON{EnrollmentID: e.ID, BirthName: c.BirthName, UsageName: cmdutil.NullString(c.UsageName), FirstName: c.FirstName(),
		FirstNames: nonNil(c.FirstNames), BirthDate: c.BirthDate.String(), Sex: cmdutil.NullString(string(c.Sex)), BirthINSEE: cmdutil.NullString(c.BirthINSEE),
		BirthTown: cmdutil.NullString(c.BirthTown), BirthCountry: cmdutil.NullString(c.BirthCountry), Email: cmdutil.NullString(c.Email), Access: string(e.Access),
		VAEType: cmdutil.NullString(string(e.VAEType)), Blocs: nonNil(e.Blocs), CPFFile: cmdutil.NullString(e.CPFFile), RegisteredOn: dateOrNull(e.RegisteredOn),
		TrainedBy: cmdutil.NullString(string(e.TrainedBy)), Accommodation: cmdutil.NullString(e.Accommodation), Result: cmdutil.NullString(string(e.Result)),
		BlocsValidated: nonNil(e.BlocsValidated), Mention: cmdutil.NullString(string(e.Mention)), Score: cmdutil.NullString(e.Score)}
	for _, x := range e.Certificates {
		if x.Kind == domain.KindCertificate {
			j.CertificateNumber = cmdutil.NullString(x.Number)
		} else {
			j.Attestation = cmdutil.NullString(x.Number)
		}
	}
	return j
}

func eventJSON(e domain.SessionEvent) EventJSON {
	j := EventJSON{ID: e.ID, Kind: string(e.Kind), Date: e.Date.String(), Text: cmdutil.NullString(e.Text), Outcome: cmdutil.NullString(e.Outcome),
		OutcomeDate: dateOrNull(e.OutcomeDate), Path: cmdutil.NullString(e.Path), SHA256: cmdutil.NullString(e.SHA256), RecordedAt: e.RecordedAt}
	if e.EnrollmentID != 0 {
		id := e.EnrollmentID
		j.EnrollmentID = &id
	}
	if e.Kind == domain.EventEvidence {
		n := e.Size
		j.Size = &n
	}
	return j
}

// NewCmdShow builds 'session show'.
func NewCmdShow(f *cmdutil.Factory, runF func(context.Context, *ShowOptions) error) *cobra.Command {
	o := &ShowOptions{}
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show a session: organiser, dates, jury, every candidate with result and certificate, the log",
		Long: `Show one session: certification, organiser, dates, place, mode, jury, status (judged at --at),
then every candidate in enrolment order (identity, access route, targeted blocs, training
partner, accommodations, result, validated blocs, mention, certificate number), then the
session's log (incidents, evidence files with SHA-256, appeals).

--format json: the keys of 'session list', plus candidates [{birth_name, first_name,
birth_date, access, result (admitted/failed/absent/null), blocs_validated, certificate_number,
and usage_name, first_names, sex, birth_insee, birth_town, birth_country, email, vae_type,
blocs, cpf_file, registered_on, trained_by, accommodation, mention, score,
attestation_number}] and log [{id, kind, date, text, enrollment_id, outcome, outcome_date,
path, sha256, size, recorded_at}]. --format csv lists the candidates.`,
		Example: "  habil session show 4\n  habil session show 4 --format json | jq '.candidates[] | select(.result == \"admitted\")'",
		Args:    cmdutil.ExactArgs(1, "the session's id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return showRun(cmd.Context(), f, o)
		},
	}
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func showRun(ctx context.Context, f *cmdutil.Factory, o *ShowOptions) error {
	id, err := parseID(o.ID)
	if err != nil {
		return err
	}
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	s, err := a.Session(ctx, id)
	if err != nil {
		return err
	}
	prior, err := a.PriorBlocs(ctx, s)
	if err != nil {
		return err
	}
	at := f.At(&o.At)
	js := ShowJSON{SessionJSON: toJSON(s, at), Candidates: []CandidateJSON{}, Log: []EventJSON{}}
	var crows [][]string
	for i, e := range s.Enrollments {
		cj := candidateJSON(e)
		cj.BlocsEarlier = append([]string{}, prior[e.ID]...)
		js.Candidates = append(js.Candidates, cj)
		deref := func(p *string) string {
			if p == nil {
				return ""
			}
			return *p
		}
		crows = append(crows, []string{strconv.Itoa(i + 1), e.Candidate.BirthName, strings.Join(e.Candidate.FirstNames, " "), e.Candidate.BirthDate.String(),
			string(e.Access), strings.Join(e.Blocs, " "), string(e.TrainedBy), e.Accommodation, string(e.Result), strings.Join(e.BlocsValidated, " "),
			strings.Join(cj.BlocsEarlier, " "), deref(cj.CertificateNumber)})
	}
	for _, e := range s.Events {
		js.Log = append(js.Log, eventJSON(e))
	}
	headers := []string{"#", "birth_name", "first_names", "birth_date", "access", "blocs", "trained_by", "accommodation", "result", "blocs_validated", "blocs_acquired_earlier", "certificate_number"}
	switch f.Format {
	case "json":
		return cmdutil.WriteJSON(f.IOStreams.Out, js)
	case "csv":
		return cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{Headers: headers, Rows: crows})
	}
	days := s.Date.String()
	if !s.EndDate.IsZero() {
		days += " → " + s.EndDate.String()
	}
	fields := [][]string{
		{"id", strconv.FormatInt(s.ID, 10)}, {"certification", string(s.Certification)},
		{"organiser", s.PartnerName + " (" + s.Partner.Formatted() + ")"}, {"date", days},
		{"status at " + at.String(), string(s.Status(at))}, {"place", cmdutil.Orempty(strings.TrimSpace(s.Place + " " + s.PostalCode))},
		{"mode", cmdutil.Orempty(string(s.Mode))}, {"jury", cmdutil.Orempty(strings.Join(s.Jury, "; "))},
		{"jury date", cmdutil.Orempty(s.JuryDate.String())}, {"delivered on", cmdutil.Orempty(s.DeliveredOn.String())},
		{"candidates", fmt.Sprintf("%d enrolled, %d with a result, %d admitted", s.Enrolled, s.WithResult, s.Admitted)},
	}
	out := f.IOStreams.Out
	if err := cmdutil.RenderTable(out, []string{"field", "value"}, cmdutil.EscapeRows(fields)); err != nil {
		return err
	}
	if len(crows) > 0 {
		fmt.Fprintln(out)
		if err := cmdutil.RenderTable(out, headers, cmdutil.EscapeRows(crows)); err != nil {
			return err
		}
	}
	if len(s.Events) > 0 {
		var lrows [][]string
		for _, e := range s.Events {
			what := e.Text
			switch e.Kind {
			case domain.EventEvidence:
				what = fmt.Sprintf("%s (%d bytes, SHA-256 %s)", e.Path, e.Size, e.SHA256)
			case domain.EventAppeal:
				for _, en := range s.Enrollments {
					if en.ID == e.EnrollmentID {
						what = en.Candidate.FullName() + ": " + what
					}
				}
				if e.Outcome != "" {
					what += " → " + e.Outcome
					if !e.OutcomeDate.IsZero() {
						what += " (" + e.OutcomeDate.String() + ")"
					}
				}
			}
			lrows = append(lrows, []string{strconv.FormatInt(e.ID, 10), e.Date.String(), string(e.Kind), strings.ReplaceAll(what, "\n", " ")})
		}
		fmt.Fprintln(out)
		return cmdutil.RenderTable(out, []string{"log id", "date", "log", "what"}, cmdutil.EscapeRows(lrows))
	}
	return nil
}
