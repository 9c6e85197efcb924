package app

import (
	"context"
	"strings"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
)

// TrainingAttendeesSchema is the list of the people trained that 'network
// training add --attendees FILE' reads (.xlsx or French Excel .csv): one
// row per trainer or evaluator.
var TrainingAttendeesSchema = importer.Schema{
	Name:     "Participants",
	Template: "habil network training add … --attendees participants.xlsx",
	Fields: []importer.Field{
		{Key: "name", Label: "Nom et prénom", Required: true, Kind: importer.Text,
			Aliases: []string{"nom", "nom prenom", "prenom nom", "participant", "stagiaire", "name"},
			Help:    "Nom et prénom de la personne formée.", Example: "Claire Martin"},
		{Key: "partner", Label: "SIRET organisme", Kind: importer.Identifier,
			Aliases: []string{"siret", "organisme", "partenaire", "siret partenaire", "organisme de formation"},
			Help:    "SIRET du partenaire qui l'emploie : l'un des partenaires donnés avec --partner.", Example: "81738914100018"},
		{Key: "role", Label: "Fonction", Kind: importer.Text,
			Aliases: []string{"role", "qualite", "fonction occupee", "poste"},
			Help:    "formateur, évaluateur, jury, responsable pédagogique…", Example: "évaluatrice"},
	},
}

// TrainingAttendeesRequest is the attendees file of a training.
type TrainingAttendeesRequest struct {
	File, Sheet string
	Partners    []domain.SIRET // the partners trained: an attendee's SIRET must be one of them
	Open        func(path, sheet string) (importer.Source, error)
}

// TrainingAttendeesResult is what the file held.
type TrainingAttendeesResult struct {
	Attendees []domain.TrainingAttendee
	Warnings  []string
	Errors    *importer.ErrorList
}

// ReadTrainingAttendees reads the list of the people trained, through the
// import pipeline: every error of every row (an attendee's SIRET that is
// not one of the partners trained, a control character…); with any, the
// caller records nothing (exit 3).
func (a *App) ReadTrainingAttendees(ctx context.Context, req TrainingAttendeesRequest) (*TrainingAttendeesResult, error) {
	res := &TrainingAttendeesResult{}
	trained := map[domain.SIRET]bool{}
	for _, s := range req.Partners {
		trained[s] = true
	}
	pl := importer.Pipeline[domain.TrainingAttendee]{
		Schema: TrainingAttendeesSchema,
		Map: func(rec *importer.Record) (domain.TrainingAttendee, bool) {
			at := domain.TrainingAttendee{Name: strings.Join(strings.Fields(rec.Text("name")), " "), Role: strings.TrimSpace(rec.Text("role"))}
			rec.Fail("name", domain.CleanText("the name", at.Name))
			rec.Fail("role", domain.CleanText("the role", at.Role))
			if s, ok := rec.Identifier("partner"); ok && strings.TrimSpace(s) != "" {
				siret, err := domain.ParseSIRET(s)
				switch {
				case err != nil:
					rec.Fail("partner", err)
				case !trained[siret]:
					rec.Errorf("partner", "ATTENDEE_PARTNER", "%s is not one of the partners trained (--partner)", siret.Formatted())
				default:
					at.Partner = siret
				}
			}
			return at, rec.OK()
		},
		Keep: func(_ *importer.Record, at domain.TrainingAttendee) { res.Attendees = append(res.Attendees, at) },
	}
	if _, err := readImport(ctx, req.Open, req.File, req.Sheet, pl, func(read *importer.ReadResult) {
		res.Warnings, res.Errors = read.Warnings, read.Errors
	}); err != nil {
		return res, err
	}
	if len(res.Attendees) == 0 {
		return res, domain.Errorf(domain.KindRejected, "ATTENDEES_EMPTY", "%s lists nobody", req.File).
			WithHint("one row per person trained, under the headers %q", "Nom et prénom;SIRET organisme;Fonction")
	}
	return res, nil
}
