// Package cpf writes and reads the Caisse des Dépôts "accrochage" files:
// the XML flux that declares certificate holders to the CPF information
// system (schema urn:cdc:cpf:pc5:schema:1.0.0, embedded here) and the CDC's
// processing report ("accusé de traitement"). It is the one adapter of that
// format: encoding/xml only.
package cpf

import (
	_ "embed"
	"encoding/xml"
)

// Namespace is the CDC schema's target namespace (bound to prefix cpf).
const Namespace = "urn:cdc:cpf:pc5:schema:1.0.0"

// xsiNS is the XML Schema instance namespace (xsi:nil).
const xsiNS = "http://www.w3.org/2001/XMLSchema-instance"

// XSD is the CDC schema habil validates against (file name v2.0.0, schema
// version 1.1.2).
//
//go:embed cdc-accrochage-cpf-v2.0.0.xsd
var XSD []byte

// The types below follow the element tree of the schema in its order (the
// dictionary's and the example's order). Element names carry no prefix here:
// Write adds "cpf:", and reading matches local names whatever the prefix.

// Flux is the root element cpf:flux.
type Flux struct {
	XMLName    xml.Name `xml:"flux"`
	IDFlux     string   `xml:"idFlux"`
	Horodatage string   `xml:"horodatage"`
	Emetteur   Emetteur `xml:"emetteur"`
}

// Emetteur is the sender and the certifier it sends for.
type Emetteur struct {
	IDClient       string         `xml:"idClient"`
	Certificateurs Certificateurs `xml:"certificateurs"`
}

// Certificateurs holds exactly one certificateur in a valid file.
type Certificateurs struct {
	Certificateur []Certificateur `xml:"certificateur"`
}

// Certificateur is the certifier: its BCR and contract, its certifications.
type Certificateur struct {
	IDClient       string         `xml:"idClient"`
	IDContrat      string         `xml:"idContrat"`
	Certifications Certifications `xml:"certifications"`
}

// Certifications is the list of certifications.
type Certifications struct {
	Certification []Certification `xml:"certification"`
}

// Certification is one RNCP/RS certification and its passages.
type Certification struct {
	Type                  string                `xml:"type"`
	Code                  string                `xml:"code"`
	NatureDeposant        string                `xml:"natureDeposant,omitempty"`
	PassageCertifications PassageCertifications `xml:"passageCertifications"`
}

// PassageCertifications is the list of passages.
type PassageCertifications struct {
	Passage []Passage `xml:"passageCertification"`
}

// Nillable is an element the schema makes mandatory but nillable: an empty
// value is written xsi:nil="true".
type Nillable struct {
	Nil   string `xml:"http://www.w3.org/2001/XMLSchema-instance nil,attr,omitempty"`
	Value string `xml:",chardata"`
}

// Val returns the nillable form of s (nil when s is empty).
func Val(s string) Nillable {
	if s == "" {
		return Nillable{Nil: "true"}
	}
	return Nillable{Value: s}
}

// IsNil reports whether the element is nil.
func (n Nillable) IsNil() bool { return n.Nil == "true" || n.Nil == "1" }

// Passage is cpf:passageCertification.
type Passage struct {
	IDTechnique                 string                   `xml:"idTechnique"`
	URLPreuve                   string                   `xml:"urlPreuve,omitempty"`
	LibelleOption               string                   `xml:"libelleOption,omitempty"`
	ObtentionCertification      string                   `xml:"obtentionCertification"`
	DonneeCertifiee             string                   `xml:"donneeCertifiee"`
	DateDebutExamen             string                   `xml:"dateDebutExamen,omitempty"`
	DateFinExamen               string                   `xml:"dateFinExamen,omitempty"`
	ModalitePassageExamen       string                   `xml:"modalitePassageExamen,omitempty"`
	CodePostalCentreExamen      string                   `xml:"codePostalCentreExamen,omitempty"`
	DateDebutValidite           string                   `xml:"dateDebutValidite"`
	DateFinValidite             Nillable                 `xml:"dateFinValidite"`
	PresenceNiveauLangueEuro    string                   `xml:"presenceNiveauLangueEuro"`
	NiveauLangueEuropeen        string                   `xml:"niveauLangueEuropeen,omitempty"`
	PresenceNiveauNumeriqueEuro string                   `xml:"presenceNiveauNumeriqueEuro"`
	NiveauNumeriqueEuropeen     *NiveauNumeriqueEuropeen `xml:"niveauNumeriqueEuropeen"`
	Scoring                     Nillable                 `xml:"scoring"`
	MentionValidee              Nillable                 `xml:"mentionValidee"`
	ModalitesInscription        ModalitesInscription     `xml:"modalitesInscription"`
	IdentificationTitulaire     IdentificationTitulaire  `xml:"identificationTitulaire"`
	Verbatim                    string                   `xml:"verbatim,omitempty"`
}

// NiveauNumeriqueEuropeen is the DigComp result block.
type NiveauNumeriqueEuropeen struct {
	ScoreGeneral string     `xml:"scoreGeneral,omitempty"`
	Resultats    *Resultats `xml:"resultats"`
}

// Resultats lists DigComp results.
type Resultats struct {
	Resultat []Resultat `xml:"resultat"`
}

// Resultat is one DigComp competence result.
type Resultat struct {
	Niveau              string `xml:"niveau,omitempty"`
	DomaineCompetenceID string `xml:"domaineCompetenceId,omitempty"`
	CompetenceID        string `xml:"competenceId,omitempty"`
}

// ModalitesInscription is how the holder enrolled.
type ModalitesInscription struct {
	ModaliteAcces         Nillable `xml:"modaliteAcces"`
	VoieAccessVAE         string   `xml:"voieAccessVAE,omitempty"`
	InitiativeInscription string   `xml:"initiativeInscription,omitempty"`
	DateInscription       string   `xml:"dateInscription,omitempty"`
}

// IdentificationTitulaire is a choice: titulaire or dossierFormation.
type IdentificationTitulaire struct {
	Titulaire        *Titulaire        `xml:"titulaire"`
	DossierFormation *DossierFormation `xml:"dossierFormation"`
}

// Titulaire is the holder's identity.
type Titulaire struct {
	NomNaissance            string               `xml:"nomNaissance"`
	NomUsage                Nillable             `xml:"nomUsage"`
	Prenom1                 string               `xml:"prenom1"`
	Prenom2                 string               `xml:"prenom2,omitempty"`
	Prenom3                 string               `xml:"prenom3,omitempty"`
	AnneeNaissance          string               `xml:"anneeNaissance"`
	MoisNaissance           Nillable             `xml:"moisNaissance"`
	JourNaissance           Nillable             `xml:"jourNaissance"`
	Sexe                    string               `xml:"sexe"`
	CodeCommuneNaissance    CodeCommuneNaissance `xml:"codeCommuneNaissance"`
	LibelleCommuneNaissance string               `xml:"libelleCommuneNaissance,omitempty"`
	CodePaysNaissance       string               `xml:"codePaysNaissance,omitempty"`
	LibellePaysNaissance    string               `xml:"libellePaysNaissance,omitempty"`
	CommentairesMEN         string               `xml:"commentairesMEN,omitempty"`
}

// CodeCommuneNaissance is a choice: INSEE code or postal code.
type CodeCommuneNaissance struct {
	CodeInseeNaissance  *CodeInseeNaissance  `xml:"codeInseeNaissance"`
	CodePostalNaissance *CodePostalNaissance `xml:"codePostalNaissance"`
}

// CodeInseeNaissance wraps the INSEE code.
type CodeInseeNaissance struct {
	CodeInsee string `xml:"codeInsee"`
}

// CodePostalNaissance wraps the birth postal code (nillable).
type CodePostalNaissance struct {
	CodePostal Nillable `xml:"codePostal"`
}

// DossierFormation identifies the holder by their CPF file.
type DossierFormation struct {
	IDDossier        string `xml:"idDossier"`
	NomTitulaire     string `xml:"nomTitulaire"`
	Prenom1Titulaire string `xml:"prenom1Titulaire"`
}
