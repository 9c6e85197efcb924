package session

import (
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
)

// parseID reads a session id argument.
func parseID(s string) (int64, error) {
	return cmdutil.ParseID(s, "%q is not a session id: give the number printed by 'habil session create' (see 'habil session list')")
}

// dateOrNull is nil for the zero date.
func dateOrNull(d domain.Date) *string { return cmdutil.NullString(d.String()) }

// SessionJSON is a session in 'session list' and 'session show'
// (cli-contract.md: id, certification, partner_siret, date, status).
type SessionJSON struct {
	ID            int64    `json:"id"`
	Certification string   `json:"certification"`
	PartnerSIRET  string   `json:"partner_siret"`
	PartnerName   string   `json:"partner_name"`
	Date          string   `json:"date"`
	EndDate       *string  `json:"end_date"`
	Status        string   `json:"status"`
	Place         *string  `json:"place"`
	PostalCode    *string  `json:"postal_code"`
	Mode          *string  `json:"mode"`
	Jury          []string `json:"jury"`
	JuryDate      *string  `json:"jury_date"`
	DeliveredOn   *string  `json:"delivered_on"`
	Enrolled      int      `json:"enrolled"`
	WithResult    int      `json:"with_result"`
	Admitted      int      `json:"admitted"`
}

func toJSON(s *domain.Session, at domain.Date) SessionJSON {
	jury := s.Jury
	if jury == nil {
		jury = []string{}
	}
	return SessionJSON{ID: s.ID, Certification: string(s.Certification), PartnerSIRET: string(s.Partner), PartnerName: s.PartnerName,
		Date: s.Date.String(), EndDate: dateOrNull(s.EndDate), Status: string(s.Status(at)), Place: cmdutil.NullString(s.Place),
		PostalCode: cmdutil.NullString(s.PostalCode), Mode: cmdutil.NullString(string(s.Mode)), Jury: jury, JuryDate: dateOrNull(s.JuryDate),
		DeliveredOn: dateOrNull(s.DeliveredOn), Enrolled: s.Enrolled, WithResult: s.WithResult, Admitted: s.Admitted}
}

// sessionFlags are the flags create and edit share.
type sessionFlags struct {
	Date, EndDate cmdutil.DateFlag
	Place         string
	PostalCode    string
	Mode          string
	Jury          []string
}
