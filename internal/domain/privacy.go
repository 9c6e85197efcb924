package domain

// PurgeTarget is a candidate 'privacy purge' anonymises: the last session
// they sat ended before the purge date.
type PurgeTarget struct {
	CandidateID int64
	Key         string // CandidateKey before the purge
	Name        string // FullName before the purge
	LastSession Date   // end of the last session they were enrolled in
	// Holder: they hold a delivered certificate (the register of holders).
	Holder bool
	// Full: all personal data is anonymised (not a holder, or holders
	// included); otherwise only the contact data and survey links go.
	Full bool
}

// PurgedKeyPrefix starts the key of an anonymised candidate
// ("purged:ID"): it can never equal a real person's key.
const PurgedKeyPrefix = "purged:"

// PurgedName replaces the names of an anonymised candidate.
const PurgedName = "ANONYMISÉ"

// Redacted replaces a personal value in the change journal after a purge.
const Redacted = "[anonymisé]"

// PurgeEffect is what a purge wrote.
type PurgeEffect struct {
	Anonymised      int // candidates whose personal data was anonymised
	ContactsErased  int // holders whose contact data (e-mail) was erased
	SurveyLinks     int // survey answers detached from the person
	JournalRedacted int // journal entries whose personal values were redacted
}
