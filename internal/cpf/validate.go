package cpf

import (
	"fmt"
	"regexp"
	"strconv"
	"unicode/utf8"

	"github.com/habil-app/habil/internal/domain"
)

// Problem is one way a flux breaks the schema, with the pre-flight code of
// the same fault (domain.Accrochage*).
type Problem struct {
	IDTechnique string // "" for the file-level fields
	Code        string
	Field       string
	Msg         string
}

func (p Problem) String() string {
	s := p.Code + ": " + p.Field + ": " + p.Msg
	if p.IDTechnique != "" {
		s = "passage " + p.IDTechnique + ": " + s
	}
	return s
}

var (
	reDate       = regexp.MustCompile(`^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])$`)
	reHorodatage = regexp.MustCompile(`^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T(2[0-3]|[01][0-9]):[0-5][0-9]:[0-5][0-9](\+|-)(:2[0-3]|[01][0-9]):[0-5][0-9]$`)

	enumObtention = set("PAR_ADMISSION", "PAR_SCORING")
	enumNature    = set("CERTIFICATEUR", "TIERS_CONFIANCE")
	enumMode      = set("A_DISTANCE", "EN_PRESENTIEL", "MIXTE")
	enumLangue    = set("A1", "A2", "B1", "B2", "C1", "C2", "INSUFFISANT")
	enumMention   = set("SANS_MENTION", "MENTION_ASSEZ_BIEN", "MENTION_BIEN", "MENTION_TRES_BIEN", "MENTION_TRES_BIEN_AVEC_FELICITATIONS_DU_JURY")
	enumAcces     = set("FORMATION_INITIALE_HORS_APPRENTISSAGE", "FORMATION_INITIALE_APPRENTISSAGE",
		"FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION", "FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION",
		"VAE", "EQUIVALENCE_DIPLOME_ETRANGER", "CANDIDAT_LIBRE")
	enumVAE        = set("CONGES_VAE", "VAE_CLASSIQUE")
	enumInitiative = set("CERTIFIE", "OF", "POLE_EMPLOI", "EMPLOYEUR", "AUTRE")
	enumSexe       = set("M", "F")
	enumBool       = set("true", "false", "1", "0")
)

func set(v ...string) map[string]bool {
	m := map[string]bool{}
	for _, s := range v {
		m[s] = true
	}
	return m
}

type checker struct {
	id    string
	probs []Problem
}

func (c *checker) add(code, field, format string, args ...any) {
	c.probs = append(c.probs, Problem{IDTechnique: c.id, Code: code, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// str checks a mandatory (required) or optional string of min..max characters.
func (c *checker) str(field, v string, required bool, min, max int) {
	if v == "" {
		if required {
			c.add(domain.AccrochageMissing, field, "missing")
		}
		return
	}
	n := utf8.RuneCountInString(v)
	if n < min || n > max {
		code := domain.AccrochageTooLong
		if field == "nomNaissance" || field == "nomUsage" || field == "prenom1" || field == "prenom2" || field == "prenom3" {
			code = domain.AccrochageNameTooLong
		}
		if min == max {
			c.add(code, field, "%q has %d characters, the schema wants exactly %d", v, n, min)
		} else {
			c.add(code, field, "%d characters, the schema takes %d to %d", n, min, max)
		}
	}
}

func (c *checker) enum(field, v string, required bool, values map[string]bool) {
	if v == "" {
		if required {
			c.add(domain.AccrochageMissing, field, "missing")
		}
		return
	}
	if !values[v] {
		c.add(domain.AccrochageBadValue, field, "%q is not a value the schema allows", v)
	}
}

func (c *checker) date(field, v string, required bool) {
	if v == "" {
		if required {
			c.add(domain.AccrochageMissing, field, "missing")
		}
		return
	}
	if !reDate.MatchString(v) {
		c.add(domain.AccrochageBadDate, field, "%q is not a date YYYY-MM-DD between 1900 and 2099", v)
	}
}

func (c *checker) integer(code, field, v string, required bool, min, max int) {
	if v == "" {
		if required {
			c.add(domain.AccrochageMissing, field, "missing")
		}
		return
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		c.add(code, field, "%q is not a whole number from %d to %d", v, min, max)
	}
}

// Validate checks, without xmllint, what the schema enforces: mandatory
// elements, lengths, enumerations, patterns, nil-ability, ranges, and one
// certifier per file. It returns every fault (none: the file is valid as
// far as the schema goes).
func Validate(f *Flux) []Problem {
	c := &checker{}
	c.str("idFlux", f.IDFlux, true, 1, 50)
	if !reHorodatage.MatchString(f.Horodatage) {
		c.add(domain.AccrochageBadDate, "horodatage", "%q is not YYYY-MM-DDThh:mm:ss±hh:mm", f.Horodatage)
	}
	c.str("emetteur/idClient", f.Emetteur.IDClient, true, 8, 8)
	cs := f.Emetteur.Certificateurs.Certificateur
	if len(cs) != 1 {
		c.add(domain.AccrochageBadValue, "certificateur", "%d certifiers: the schema takes exactly one per file", len(cs))
	}
	for _, ct := range cs {
		c.str("certificateur/idClient", ct.IDClient, true, 8, 8)
		c.str("idContrat", ct.IDContrat, true, 1, 20)
		if len(ct.Certifications.Certification) == 0 {
			c.add(domain.AccrochageMissing, "certification", "no certification")
		}
		for _, cert := range ct.Certifications.Certification {
			c.str("type", cert.Type, true, 1, 255)
			c.str("code", cert.Code, true, 1, 100)
			c.enum("natureDeposant", cert.NatureDeposant, false, enumNature)
			if len(cert.PassageCertifications.Passage) == 0 {
				c.add(domain.AccrochageMissing, "passageCertification", "certification %s has no passage", cert.Code)
			}
			for _, p := range cert.PassageCertifications.Passage {
				c.id = p.IDTechnique
				c.passage(p)
				c.id = ""
			}
		}
	}
	return c.probs
}

func (c *checker) nillable(field string, n Nillable, check func(string)) {
	if n.IsNil() {
		if n.Value != "" {
			c.add(domain.AccrochageBadValue, field, "nil with a value")
		}
		return
	}
	if n.Value == "" {
		c.add(domain.AccrochageMissing, field, "empty: write it xsi:nil when unknown")
		return
	}
	check(n.Value)
}

func (c *checker) passage(p Passage) {
	c.str("idTechnique", p.IDTechnique, true, 1, 255)
	c.str("urlPreuve", p.URLPreuve, false, 1, 255)
	c.str("libelleOption", p.LibelleOption, false, 1, 255)
	c.enum("obtentionCertification", p.ObtentionCertification, true, enumObtention)
	c.enum("donneeCertifiee", p.DonneeCertifiee, true, enumBool)
	c.date("dateDebutExamen", p.DateDebutExamen, false)
	c.date("dateFinExamen", p.DateFinExamen, false)
	c.enum("modalitePassageExamen", p.ModalitePassageExamen, false, enumMode)
	c.str("codePostalCentreExamen", p.CodePostalCentreExamen, false, 1, 9)
	c.date("dateDebutValidite", p.DateDebutValidite, true)
	c.nillable("dateFinValidite", p.DateFinValidite, func(v string) { c.date("dateFinValidite", v, true) })
	c.enum("presenceNiveauLangueEuro", p.PresenceNiveauLangueEuro, true, enumBool)
	c.enum("niveauLangueEuropeen", p.NiveauLangueEuropeen, false, enumLangue)
	c.enum("presenceNiveauNumeriqueEuro", p.PresenceNiveauNumeriqueEuro, true, enumBool)
	if n := p.NiveauNumeriqueEuropeen; n != nil {
		c.integer(domain.AccrochageBadValue, "scoreGeneral", n.ScoreGeneral, false, 1, 1000)
		if n.Resultats != nil {
			for _, r := range n.Resultats.Resultat {
				c.integer(domain.AccrochageBadValue, "niveau", r.Niveau, false, 1, 8)
				c.str("domaineCompetenceId", r.DomaineCompetenceID, false, 1, 1)
				c.str("competenceId", r.CompetenceID, false, 1, 1)
			}
		}
	}
	c.nillable("scoring", p.Scoring, func(v string) { c.str("scoring", v, true, 1, 255) })
	c.nillable("mentionValidee", p.MentionValidee, func(v string) { c.enum("mentionValidee", v, true, enumMention) })
	m := p.ModalitesInscription
	c.nillable("modaliteAcces", m.ModaliteAcces, func(v string) { c.enum("modaliteAcces", v, true, enumAcces) })
	c.enum("voieAccessVAE", m.VoieAccessVAE, false, enumVAE)
	c.enum("initiativeInscription", m.InitiativeInscription, false, enumInitiative)
	c.date("dateInscription", m.DateInscription, false)
	id := p.IdentificationTitulaire
	switch {
	case id.Titulaire != nil && id.DossierFormation != nil:
		c.add(domain.AccrochageBadValue, "identificationTitulaire", "both titulaire and dossierFormation: the schema takes one")
	case id.Titulaire != nil:
		c.titulaire(id.Titulaire)
	case id.DossierFormation != nil:
		d := id.DossierFormation
		c.str("idDossier", d.IDDossier, true, 1, 13)
		c.str("nomTitulaire", d.NomTitulaire, true, 1, 30)
		c.str("prenom1Titulaire", d.Prenom1Titulaire, true, 1, 20)
	default:
		c.add(domain.AccrochageMissing, "identificationTitulaire", "no titulaire")
	}
	c.str("verbatim", p.Verbatim, false, 1, 255)
}

func (c *checker) titulaire(t *Titulaire) {
	c.str("nomNaissance", t.NomNaissance, true, 1, 60)
	c.nillable("nomUsage", t.NomUsage, func(v string) { c.str("nomUsage", v, true, 1, 60) })
	c.str("prenom1", t.Prenom1, true, 1, 60)
	c.str("prenom2", t.Prenom2, false, 1, 60)
	c.str("prenom3", t.Prenom3, false, 1, 60)
	c.integer(domain.AccrochageBadBirthYear, "anneeNaissance", t.AnneeNaissance, true, 1900, 2099)
	c.nillable("moisNaissance", t.MoisNaissance, func(v string) { c.integer(domain.AccrochageBadValue, "moisNaissance", v, true, 1, 12) })
	c.nillable("jourNaissance", t.JourNaissance, func(v string) { c.integer(domain.AccrochageBadValue, "jourNaissance", v, true, 1, 31) })
	if t.Sexe == "" {
		c.add(domain.AccrochageNoSex, "sexe", "missing")
	} else {
		c.enum("sexe", t.Sexe, true, enumSexe)
	}
	cc := t.CodeCommuneNaissance
	switch {
	case cc.CodeInseeNaissance != nil && cc.CodePostalNaissance != nil:
		c.add(domain.AccrochageBadValue, "codeCommuneNaissance", "both an INSEE and a postal code: the schema takes one")
	case cc.CodeInseeNaissance != nil:
		if utf8.RuneCountInString(cc.CodeInseeNaissance.CodeInsee) != 5 {
			c.add(domain.AccrochageBadBirthCode, "codeInsee", "%q is not 5 characters", cc.CodeInseeNaissance.CodeInsee)
		}
	case cc.CodePostalNaissance != nil:
		c.nillable("codePostal", cc.CodePostalNaissance.CodePostal, func(v string) { c.str("codePostal", v, true, 1, 9) })
	default:
		c.add(domain.AccrochageNoBirthCode, "codeCommuneNaissance", "no birth commune code")
	}
	c.str("libelleCommuneNaissance", t.LibelleCommuneNaissance, false, 1, 60)
	c.str("codePaysNaissance", t.CodePaysNaissance, false, 3, 3)
	c.str("libellePaysNaissance", t.LibellePaysNaissance, false, 1, 60)
	c.str("commentairesMEN", t.CommentairesMEN, false, 1, 250)
}
