package domain

import "strings"

// AccrochageStatus is where a holder's passage stands with the CDC.
type AccrochageStatus string

const (
	AccrochageNever   AccrochageStatus = ""        // never sent
	AccrochagePending AccrochageStatus = "pending" // sent, no processing report yet
	AccrochageOK      AccrochageStatus = "ok"      // accepted: never sent again
	AccrochageKO      AccrochageStatus = "ko"      // rejected: to correct and send again
	AccrochageClosed  AccrochageStatus = "closed"  // a KO that can never clear, closed with a reason
)

// AccrochagePassage is the stored state of one holder's passage.
type AccrochagePassage struct {
	IDTechnique       string
	CertificateNumber string
	Status            AccrochageStatus
	IDFlux            string // the last file it was sent in
	SentOn            Date   // the last send
	AckOn             Date   // the last processing report that answered it
	Message           string // the CDC's message of the last KO
	ClosedOn          Date
	ClosedReason      string
	Sends             int // how many files carried it
}

// AccrochageFlux is one file generated for the CDC.
type AccrochageFlux struct {
	IDFlux    string
	CreatedAt string // RFC 3339 instant
	SentOn    Date
	File      string
	SHA256    string
	Size      int64
	Passages  []AccrochageSent // what the file carried
	AckOn     Date             // when its processing report was recorded
	AckID     string           // the CDC's idTraitement
}

// AccrochageSent is one passage carried by a file.
type AccrochageSent struct {
	IDTechnique       string
	CertificateNumber string
}

// AccrochageAnswer is one passage's answer in a processing report.
type AccrochageAnswer struct {
	IDTechnique string
	OK          bool
	Message     string
}

// FindAccrochagePassage finds a passage by its idTechnique or its
// certificate number (case-insensitive for the number).
func FindAccrochagePassage(list []AccrochagePassage, ref string) (AccrochagePassage, bool) {
	ref = strings.TrimSpace(ref)
	for _, p := range list {
		if p.IDTechnique == ref || strings.EqualFold(p.CertificateNumber, ref) {
			return p, true
		}
	}
	return AccrochagePassage{}, false
}

// AccrochageState is one holder of a delivered certificate as 'habil check'
// sees it: when the certificate was delivered, where its passage stands.
type AccrochageState struct {
	CertificateNumber string
	Certification     CertCode
	Holder            string
	DeliveredOn       Date
	Passage           AccrochagePassage // Status "" never sent
}

// AccrochageDeadlineMonths is the legal delay to declare a holder to the
// CDC after the delivery of the certificate, and to correct a rejected
// declaration (R6113-17-2).
const AccrochageDeadlineMonths = 3

// Pending reports whether the holder still has to be accepted by the CDC
// (neither accepted nor closed).
func (s AccrochageState) Pending() bool {
	return s.Passage.Status != AccrochageOK && s.Passage.Status != AccrochageClosed
}

// Deadline is the day by which the holder must be declared: three months
// after the delivery.
func (s AccrochageState) Deadline() Date { return s.DeliveredOn.AddMonths(AccrochageDeadlineMonths) }
