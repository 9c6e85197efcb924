// Package certification holds 'habil certification': the RNCP/RS
// certifications the certifier owns, added by hand or imported from the
// France Compétences open-data export.
package certification

import (
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// NewCmd builds the 'certification' command group.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "certification",
		Aliases: []string{"certifications", "cert"},
		Short:   "Manage the RNCP/RS certifications you own (add, import, edit, list, show)",
		Example: `  habil certification import export-fiches-rncp-v4-1-2025-11-20.zip
  habil certification add RNCP35419 --title "Développeur web" --level 5 --end-date 2027-06-30 \
      --bloc RNCP35419BC01="Concevoir une application" --access FI,CA,FC,VAE
  habil certification edit RNCP35419 --min-training-hours 1200 --min-in-person 60
  habil certification list`,
		Args: cmdutil.NoArgs,
	}
	cmd.AddCommand(NewCmdAdd(f, nil), NewCmdList(f, nil), NewCmdShow(f, nil))
	for _, extra := range extraCommands {
		cmd.AddCommand(extra(f))
	}
	return cmd
}

// extraCommands lets other files of this package add subcommands (import).
var extraCommands []func(*cmdutil.Factory) *cobra.Command

type blocJSON struct {
	Code  string `json:"code"`
	Label string `json:"label"`
	// Evaluation is what the partner must follow (edited, else published).
	Evaluation          *string `json:"evaluation"`
	PublishedEvaluation *string `json:"published_evaluation"`
}

type certifierJSON struct {
	SIRET *string `json:"siret"`
	Name  string  `json:"name"`
}

type statJSON struct {
	Year         int  `json:"year"`
	Certified    *int `json:"certified"`
	CertifiedVAE *int `json:"certified_vae"`
	Insertion6m  *int `json:"insertion_rate_6m"`
	TargetJob24m *int `json:"target_job_rate_24m"`
}

type publishedJSON struct {
	SIRET        string  `json:"siret"`
	Name         string  `json:"name"`
	Habilitation string  `json:"habilitation"`
	Status       *string `json:"status"`
	ActiveSince  *string `json:"active_since"`
	StatusChange *string `json:"status_change"`
}

// certJSON has the contract's keys (code, title, level, end_date, blocs, access) and more.
type certJSON struct {
	Code              string          `json:"code"`
	Register          string          `json:"register"`
	Title             string          `json:"title"`
	Level             *int            `json:"level"`
	EndDate           *string         `json:"end_date"`
	DeliveryLimit     *string         `json:"delivery_limit"`
	Active            *bool           `json:"active"`
	Blocs             []blocJSON      `json:"blocs"`
	Access            []string        `json:"access"`
	Source            string          `json:"source"`
	SourceDate        *string         `json:"source_date"`
	Statistics        []statJSON      `json:"statistics"`
	PublishedPartners []publishedJSON `json:"published_partners"`

	// State is active, ended (registration end past) or inactive (marked
	// so by France Compétences), on the day of the command.
	State             string          `json:"state"`
	Successors        []string        `json:"successors"`
	Certifiers        []certifierJSON `json:"certifiers"`
	RegistrationType  *string         `json:"registration_type"`
	PartialValidation *bool           `json:"partial_validation"`

	// The parameters set by 'certification edit' (null: not recorded).
	MinTrainingHours         *int    `json:"min_training_hours"`
	InternshipMinHours       *int    `json:"internship_min_hours"`
	InternshipMaxHours       *int    `json:"internship_max_hours"`
	MinInPersonPct           *int    `json:"min_in_person_pct"`
	MaxTraineesPerTrainer    *int    `json:"max_trainees_per_trainer"`
	Prerequisites            *string `json:"prerequisites"`
	JuryComposition          *string `json:"jury_composition"`
	Award                    string  `json:"award"`
	PublishedPrerequisites   *string `json:"published_prerequisites"`
	PublishedJuryComposition *string `json:"published_jury_composition"`
}

func toJSON(c *domain.Certification, detail bool, today domain.Date) certJSON {
	p := c.Params
	award := p.Award
	if award == "" {
		award = domain.AwardJury
	}
	j := certJSON{Code: string(c.Code), Register: string(c.Code.Register()), Title: c.Title, Active: c.Active,
		EndDate: cmdutil.NullString(c.EndDate.String()), DeliveryLimit: cmdutil.NullString(c.DeliveryLimit.String()),
		Source: c.Source, SourceDate: cmdutil.NullString(c.SourceDate),
		Blocs: []blocJSON{}, Access: []string{}, Statistics: []statJSON{}, PublishedPartners: []publishedJSON{},
		State: string(c.State(today)), Successors: []string{}, Certifiers: []certifierJSON{},
		RegistrationType: cmdutil.NullString(c.RegistrationType), PartialValidation: c.PartialValidation,
		MinTrainingHours: p.MinTrainingHours, InternshipMinHours: p.InternshipMinHours, InternshipMaxHours: p.InternshipMaxHours,
		MinInPersonPct: p.MinInPersonPct, MaxTraineesPerTrainer: p.MaxTraineesPerTrainer,
		Prerequisites: cmdutil.NullString(p.Prerequisites), JuryComposition: cmdutil.NullString(p.JuryComposition), Award: string(award),
		PublishedPrerequisites: cmdutil.NullString(c.Published.Prerequisites), PublishedJuryComposition: cmdutil.NullString(c.Published.JuryComposition)}
	for _, x := range c.Successors {
		j.Successors = append(j.Successors, string(x))
	}
	for _, x := range c.Certifiers {
		j.Certifiers = append(j.Certifiers, certifierJSON{cmdutil.NullString(x.SIRET), x.Name})
	}
	if c.Level != 0 {
		l := c.Level
		j.Level = &l
	}
	for _, b := range c.Blocs {
		j.Blocs = append(j.Blocs, blocJSON{b.Code, b.Label, cmdutil.NullString(b.Evaluation), cmdutil.NullString(b.PublishedEvaluation)})
	}
	for _, a := range c.Access {
		j.Access = append(j.Access, string(a))
	}
	for _, s := range c.Stats {
		j.Statistics = append(j.Statistics, statJSON{s.Year, s.Certified, s.CertifiedVAE, s.Insertion6m, s.TargetJob24m})
	}
	if detail {
		for _, p := range c.Partners {
			j.PublishedPartners = append(j.PublishedPartners, publishedJSON{p.SIRET, p.Name, p.Habilitation, cmdutil.NullString(p.Status),
				cmdutil.NullString(p.ActiveSince.String()), cmdutil.NullString(p.StatusChange.String())})
		}
	}
	return j
}
