package domain

// Certifier is the identity of the certification body that owns the database.
type Certifier struct {
	Name        string
	SIRET       SIRET
	NDA         NDA
	Address     string
	Signatory   string // name and title of the person who signs conventions
	CDCClientID string // CDC "idClient" (BCR), 8 characters
	CDCContract string // CDC "idContrat", at most 20 characters
}

// Bloc is a "bloc de compétences" of an RNCP certification.
type Bloc struct {
	Code  string
	Label string
}

// PromotionStat is one year of statistics published by France Compétences.
type PromotionStat struct {
	Year         int
	Certified    *int
	CertifiedVAE *int
	Insertion6m  *int
	TargetJob24m *int
}

// PublishedPartner is a partner listed on the public France Compétences fiche.
type PublishedPartner struct {
	SIRET        string // as published (may be invalid)
	Name         string
	Habilitation string // HABILITATION_FORMER, HABILITATION_ORGANISER, HABILITATION_ORGA_FORM
	Status       string // Actif, Inactif, Supprimé ("" when the source has no status: CSV)
	ActiveSince  Date
	StatusChange Date
}

// Certification is an RNCP or RS certification owned (or co-owned) by the certifier.
type Certification struct {
	Code          CertCode
	Title         string
	Level         int // 3..8 for RNCP, 0 when none (RS)
	EndDate       Date
	DeliveryLimit Date // DATE_LIMITE_DELIVRANCE, when published
	Active        *bool
	Blocs         []Bloc
	Access        []Access
	Stats         []PromotionStat
	Partners      []PublishedPartner
	Source        string // "manual", "fc-xml", "fc-csv"
	SourceDate    string // date of the export it came from, when known
}

// HasBloc reports whether code is one of the certification's blocs.
func (c *Certification) HasBloc(code string) bool {
	for _, b := range c.Blocs {
		if b.Code == code {
			return true
		}
	}
	return false
}

// HasAccess reports whether the route is open on the certification.
func (c *Certification) HasAccess(a Access) bool {
	for _, x := range c.Access {
		if x == a {
			return true
		}
	}
	return false
}

// ValidateLevel checks a level for the register: 3..8 for RNCP, none for RS.
func ValidateLevel(code CertCode, level int) error {
	if code.Register() == RS {
		if level != 0 {
			return Invalid("LEVEL_ON_RS", "%s is an RS certification: it has no level", code)
		}
		return nil
	}
	if level != 0 && (level < 3 || level > 8) {
		return Invalid("LEVEL_RANGE", "level %d is not an RNCP level: use 3 to 8", level)
	}
	return nil
}

// ValidateCertifier checks the identity given to init.
func ValidateCertifier(c Certifier) error {
	if c.Name == "" {
		return Invalid("NAME_MISSING", "the certifier's name is empty").WithHint("give --name")
	}
	if c.SIRET == "" {
		return Invalid("SIRET_MISSING", "the certifier's SIRET is empty").WithHint("give --siret")
	}
	return nil
}
