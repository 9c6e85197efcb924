package sqlite

import (
	"errors"

	"github.com/habil-app/habil/internal/domain"
)

// Placeholder implementations of the session store: issue 12 replaces them.

var errSessionsTODO = errors.New("sessions are not implemented yet")

func (r *reader) Session(id int64) (*domain.Session, error) { return nil, errSessionsTODO }
func (tx *Tx) Session(id int64) (*domain.Session, error)    { return nil, errSessionsTODO }
func (r *reader) Sessions(f domain.SessionFilter) ([]*domain.Session, error) {
	return nil, errSessionsTODO
}
func (tx *Tx) Sessions(f domain.SessionFilter) ([]*domain.Session, error) {
	return nil, errSessionsTODO
}
func (r *reader) CandidatesByKey(keys []string) (map[string]*domain.Candidate, error) {
	return nil, errSessionsTODO
}
func (tx *Tx) CandidatesByKey(keys []string) (map[string]*domain.Candidate, error) {
	return nil, errSessionsTODO
}
func (r *reader) Enrollments(f domain.EnrollmentFilter) ([]domain.EnrollmentRecord, error) {
	return nil, errSessionsTODO
}
func (tx *Tx) Enrollments(f domain.EnrollmentFilter) ([]domain.EnrollmentRecord, error) {
	return nil, errSessionsTODO
}
func (tx *Tx) CreateSession(s *domain.Session) error { return errSessionsTODO }
func (tx *Tx) UpdateSession(action string, before, after *domain.Session) error {
	return errSessionsTODO
}
func (tx *Tx) SaveEnrollments(sessionID int64, list []*domain.Enrollment) ([]domain.ChangeKind, error) {
	return nil, errSessionsTODO
}
func (tx *Tx) SaveResults(sessionID int64, list []*domain.Enrollment) ([]domain.ChangeKind, error) {
	return nil, errSessionsTODO
}
func (tx *Tx) AddCertificate(c *domain.Certificate) error { return errSessionsTODO }
func (tx *Tx) AddCertificateDuplicate(number string) (*domain.Certificate, error) {
	return nil, errSessionsTODO
}
func (tx *Tx) AddSessionEvent(e *domain.SessionEvent) error { return errSessionsTODO }
