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
	Code       string
	Label      string
	Evaluation string // evaluation modalities (référentiel d'évaluation), "" when not recorded
	// PublishedEvaluation is the MODALITES_EVALUATION of the last France
	// Compétences export ("" when none): Evaluation follows it until the
	// certifier edits Evaluation (AdoptPublished).
	PublishedEvaluation string
}

// FicheCertifier is a certifier listed on the public fiche (CERTIFICATEURS:
// co-certification lists several).
type FicheCertifier struct {
	SIRET string // as published (digits; "" when France Compétences gives none)
	Name  string
}

// PublishedParams are the parameters France Compétences publishes on the
// fiche, as last imported: Params.JuryComposition and Params.Prerequisites
// follow them until the certifier edits them (AdoptPublished).
type PublishedParams struct {
	JuryComposition string // SI_JURY_*/COMPOSITION (one line per route when they differ)
	Prerequisites   string // PREREQUIS_ENTREE_FORMATION
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
	Params        CertificationParams

	// What the France Compétences export says of the fiche (empty for a
	// certification added by hand).
	Certifiers       []FicheCertifier // the fiche's certifiers (co-certification: several)
	RegistrationType string           // TYPE_ENREGISTREMENT: "Enregistrement sur demande", "Enregistrement de droit"…
	Successors       []CertCode       // NOUVELLES_CERTIFICATIONS: the fiches that replace it
	// PartialValidation says whether the certification may be obtained
	// bloc by bloc (VALIDATION_PARTIELLE; nil when not published).
	PartialValidation *bool
	Published         PublishedParams
}

// Award says how the certification is obtained.
type Award string

const (
	AwardJury  Award = "jury"  // delivered after the deliberation of a jury
	AwardScore Award = "score" // obtained by a score (a test): no jury
)

// CertificationParams are what the certifier sets for a certification and
// every partner must respect (R6113-16-3: minimum training duration,
// internship durations, in-person share, trainees per trainer; and what the
// convention's cahier des charges prints). A nil number or an empty text is
// not recorded: the convention then says it is "fixé par le certificateur".
type CertificationParams struct {
	MinTrainingHours      *int   // minimum training duration, hours
	InternshipMinHours    *int   // minimum internship duration, hours
	InternshipMaxHours    *int   // maximum internship duration, hours
	MinInPersonPct        *int   // minimum in-person share of the training, % (0..100)
	MaxTraineesPerTrainer *int   // maximum number of trainees per trainer
	Prerequisites         string // prerequisites for entering the training
	JuryComposition       string // composition of the jury
	Award                 Award  // "" is AwardJury
}

// ByScore reports whether the certification is obtained by a score, without jury.
func (p CertificationParams) ByScore() bool { return p.Award == AwardScore }

// Validate checks the parameters' ranges and that the internship minimum
// does not exceed its maximum.
func (p CertificationParams) Validate() error {
	for _, x := range []struct {
		name string
		v    *int
		min  int
	}{
		{"minimum training duration", p.MinTrainingHours, 0},
		{"minimum internship duration", p.InternshipMinHours, 0},
		{"maximum internship duration", p.InternshipMaxHours, 0},
		{"minimum in-person share", p.MinInPersonPct, 0},
		{"maximum number of trainees per trainer", p.MaxTraineesPerTrainer, 1},
	} {
		if x.v != nil && *x.v < x.min {
			return Invalid("CERTIFICATION_PARAM", "the %s cannot be below %d (got %d)", x.name, x.min, *x.v)
		}
	}
	if p.MinInPersonPct != nil && *p.MinInPersonPct > 100 {
		return Invalid("CERTIFICATION_PARAM", "the minimum in-person share is a percentage from 0 to 100 (got %d)", *p.MinInPersonPct)
	}
	if p.InternshipMinHours != nil && p.InternshipMaxHours != nil && *p.InternshipMinHours > *p.InternshipMaxHours {
		return Invalid("CERTIFICATION_PARAM", "the minimum internship duration (%d h) exceeds the maximum (%d h)", *p.InternshipMinHours, *p.InternshipMaxHours)
	}
	switch p.Award {
	case "", AwardJury, AwardScore:
	default:
		return Invalid("CERTIFICATION_AWARD", "%q is not a way of awarding a certification: use jury or score", string(p.Award))
	}
	return nil
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
	for _, f := range []struct{ name, v string }{
		{"the certifier's name", c.Name}, {"the signatory", c.Signatory},
		{"the CDC idClient", c.CDCClientID}, {"the CDC idContrat", c.CDCContract},
	} {
		if err := CleanText(f.name, f.v); err != nil {
			return err
		}
	}
	_, err := CleanLines("the certifier's address", c.Address)
	return err
}

// CleanCertificationTexts applies the text rule to what a certification
// holds as text: its title, bloc codes and labels (one line), and the long
// texts (prerequisites, jury composition, evaluation modalities: line
// breaks allowed, normalised to "\n" in c).
func CleanCertificationTexts(c *Certification) error {
	if err := CleanText("the title of "+string(c.Code), c.Title); err != nil {
		return err
	}
	var err error
	for i := range c.Blocs {
		b := &c.Blocs[i]
		if err = CleanText("a bloc code of "+string(c.Code), b.Code); err != nil {
			return err
		}
		if err = CleanText("the label of bloc "+b.Code, b.Label); err != nil {
			return err
		}
		if b.Evaluation, err = CleanLines("the evaluation modalities of bloc "+b.Code, b.Evaluation); err != nil {
			return err
		}
	}
	if c.Params.Prerequisites, err = CleanLines("the prerequisites of "+string(c.Code), c.Params.Prerequisites); err != nil {
		return err
	}
	c.Params.JuryComposition, err = CleanLines("the jury composition of "+string(c.Code), c.Params.JuryComposition)
	return err
}
