package certification

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func init() {
	extraCommands = append(extraCommands, func(f *cmdutil.Factory) *cobra.Command { return NewCmdEdit(f, nil) })
}

// EditOptions are the arguments of 'certification edit'.
type EditOptions struct {
	Code                  string
	MinTrainingHours      int
	InternshipMinHours    int
	InternshipMaxHours    int
	MinInPersonPct        int
	MaxTraineesPerTrainer int
	Prerequisites         string
	Jury                  string
	Award                 string
	ObtainedBy            string // --obtained-by admission|scoring: --award jury|score in the contract's words
	BlocEvaluations       []string
	Clear                 []string
	// Given lists the flags given (only those change).
	Given map[string]bool
}

// NewCmdEdit builds 'certification edit'.
func NewCmdEdit(f *cmdutil.Factory, runF func(context.Context, *EditOptions) error) *cobra.Command {
	o := &EditOptions{}
	cmd := &cobra.Command{
		Use: "edit CODE [--min-training-hours N] [--internship-min-hours N] [--internship-max-hours N] [--min-in-person PCT]\n" +
			"  [--max-trainees-per-trainer N] [--prerequisites TEXT] [--jury TEXT] [--award jury|score]\n" +
			"  [--bloc-evaluation BLOC=TEXT]... [--clear NAME]...",
		Short: "Set what every partner must respect for a certification (durations, in-person share, jury, evaluation…)",
		Long: `Set the parameters you fix for a certification and that every habilitated partner must respect
(Code du travail R6113-16-3): the minimum training duration, the minimum and maximum internship
durations, the minimum in-person share, the maximum number of trainees per trainer, the entry
prerequisites, the jury composition, how the certification is awarded (after a jury's deliberation,
or by a score without jury) and the evaluation modalities of each bloc de compétences.

The convention's cahier des charges prints what is recorded; what is not recorded is printed as
"fixé par le certificateur".

Only the flags given change. --clear NAME empties one parameter (repeat it); NAME is one of
  min-training-hours, internship-min-hours, internship-max-hours, min-in-person,
  max-trainees-per-trainer, prerequisites, jury, award (back to jury), bloc-evaluation (every bloc).
--bloc-evaluation BLOC= (empty text) clears one bloc's.

The France Compétences import fills the jury composition (SI_JURY_*/COMPOSITION), the prerequisites
(PREREQUIS_ENTREE_FORMATION) and each bloc's evaluation modalities (MODALITES_EVALUATION) when they
are empty, and follows the export while you have not edited them; a value set here is kept by every
later import. Clearing one lets the next import fill it again.

It prints what changed (stderr), or says that nothing changed. Every change is journaled
(habil history --entity certification).
Exit codes: 2 for a malformed number or a value outside its range (a share above 100, a negative
duration), an unknown --clear name or --award value; 1 for an unknown certification or bloc (the
message lists its blocs) and for values that contradict each other (an internship minimum above the
maximum, given now or recorded before).`,
		Example: `  habil certification edit RNCP35419 --min-training-hours 1200 --internship-min-hours 420 \
      --internship-max-hours 840 --min-in-person 60 --max-trainees-per-trainer 20
  habil certification edit RNCP35419 --bloc-evaluation BC01="Étude de cas et soutenance orale"
  habil certification edit RS5568 --award score --jury "Pas de jury : score minimal de 70/100"
  habil certification edit RS5568 --obtained-by scoring      # the same as --award score
  habil certification edit RNCP35419 --clear internship-max-hours --clear jury`,
		Args: cmdutil.ExactArgs(1, "the certification CODE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Code = args[0]
			o.Given = map[string]bool{}
			cmd.Flags().Visit(func(fl *pflag.Flag) { o.Given[fl.Name] = true })
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return editRun(cmd.Context(), f, o)
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&o.MinTrainingHours, "min-training-hours", 0, "minimum training duration, in hours")
	fl.IntVar(&o.InternshipMinHours, "internship-min-hours", 0, "minimum internship duration, in hours")
	fl.IntVar(&o.InternshipMaxHours, "internship-max-hours", 0, "maximum internship duration, in hours")
	fl.IntVar(&o.MinInPersonPct, "min-in-person", 0, "minimum in-person share of the training, in % (0 to 100)")
	fl.IntVar(&o.MaxTraineesPerTrainer, "max-trainees-per-trainer", 0, "maximum number of trainees per trainer (1 or more)")
	fl.StringVar(&o.Prerequisites, "prerequisites", "", "prerequisites for entering the training")
	fl.StringVar(&o.Jury, "jury", "", "composition of the jury")
	fl.StringVar(&o.Award, "award", "", "how the certification is obtained: jury (a jury deliberates) or score (a score, no jury)")
	fl.StringVar(&o.ObtainedBy, "obtained-by", "", "same as --award, in the CPF declaration's words: admission (jury) or scoring (score)")
	fl.StringArrayVar(&o.BlocEvaluations, "bloc-evaluation", nil, "evaluation modalities of a bloc, as BLOC=TEXT (repeat; BC01 is completed)")
	fl.StringArrayVar(&o.Clear, "clear", nil, "empty a parameter (repeat): "+strings.Join(app.ClearNames, ", "))
	return cmd
}

// flagOfClear is the flag each --clear name empties.
var flagOfClear = map[string]string{"jury": "jury", "bloc-evaluation": "bloc-evaluation"}

func editRun(ctx context.Context, f *cmdutil.Factory, o *EditOptions) error {
	code, err := domain.ParseCertCode(o.Code)
	if err != nil {
		return cmdutil.FlagValue("CODE", err)
	}
	e := app.CertificationEdit{Code: code}
	num := func(flag string, v, min, max int, dst **int) error {
		if !o.Given[flag] {
			return nil
		}
		if v < min || (max > 0 && v > max) {
			r := fmt.Sprintf("%d or more", min)
			if max > 0 {
				r = fmt.Sprintf("from %d to %d", min, max)
			}
			return cmdutil.FlagValue(flag, domain.Invalid("CERTIFICATION_PARAM", "%d is out of range: give a whole number %s", v, r))
		}
		n := v
		*dst = &n
		return nil
	}
	for _, x := range []struct {
		flag     string
		v        int
		min, max int
		dst      **int
	}{
		{"min-training-hours", o.MinTrainingHours, 0, 0, &e.MinTrainingHours},
		{"internship-min-hours", o.InternshipMinHours, 0, 0, &e.InternshipMinHours},
		{"internship-max-hours", o.InternshipMaxHours, 0, 0, &e.InternshipMaxHours},
		{"min-in-person", o.MinInPersonPct, 0, 100, &e.MinInPersonPct},
		{"max-trainees-per-trainer", o.MaxTraineesPerTrainer, 1, 0, &e.MaxTraineesPerTrainer},
	} {
		if err := num(x.flag, x.v, x.min, x.max, x.dst); err != nil {
			return err
		}
	}
	if o.Given["prerequisites"] {
		e.Prerequisites = &o.Prerequisites
	}
	if o.Given["jury"] {
		e.JuryComposition = &o.Jury
	}
	if o.Given["obtained-by"] {
		if o.Given["award"] {
			return cmdutil.FlagErrorf("--obtained-by and --award say the same thing: give one of them")
		}
		switch domain.Fold(o.ObtainedBy) {
		case "admission", "jury":
			o.Award = string(domain.AwardJury)
		case "scoring", "score":
			o.Award = string(domain.AwardScore)
		default:
			return cmdutil.FlagValue("obtained-by", domain.Invalid("CERTIFICATION_AWARD", "%q is not a way of obtaining a certification: use admission (a jury deliberates) or scoring (a score, no jury)", o.ObtainedBy))
		}
		o.Given["award"] = true
	}
	if o.Given["award"] {
		aw := domain.Award(strings.ToLower(strings.TrimSpace(o.Award)))
		if aw != domain.AwardJury && aw != domain.AwardScore {
			return cmdutil.FlagValue("award", domain.Invalid("CERTIFICATION_AWARD", "%q is not a way of awarding a certification: use jury or score", o.Award))
		}
		e.Award = &aw
	}
	for _, b := range o.BlocEvaluations {
		k, text, ok := strings.Cut(b, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return cmdutil.FlagValue("bloc-evaluation", domain.Invalid("BLOC_FORMAT", "%q: write BLOC=TEXT, e.g. BC01=\"Étude de cas\"", b))
		}
		e.BlocEvaluations = append(e.BlocEvaluations, app.BlocEvaluation{Bloc: strings.TrimSpace(k), Text: text})
	}
	known := map[string]bool{}
	for _, n := range app.ClearNames {
		known[n] = true
	}
	for _, n := range o.Clear {
		n = strings.ToLower(strings.TrimSpace(n))
		if !known[n] {
			return cmdutil.FlagValue("clear", domain.Invalid("CLEAR_NAME", "%q is not a parameter: use one of %s", n, strings.Join(app.ClearNames, ", ")))
		}
		flag := n
		if x, ok := flagOfClear[n]; ok {
			flag = x
		}
		if o.Given[flag] && n != "bloc-evaluation" {
			return cmdutil.FlagErrorf("--%s is both set and cleared: give one of them", flag)
		}
		e.Clear = append(e.Clear, n)
	}
	if len(o.Given) == 0 {
		return cmdutil.FlagErrorf("nothing to change: give at least one parameter flag or --clear NAME")
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	res, err := a.EditCertification(ctx, e)
	if err != nil {
		return err
	}
	w := f.IOStreams.ErrOut
	if len(res.Changes) == 0 {
		fmt.Fprintf(w, "Nothing changed: %s already has these parameters.\n", code)
		return nil
	}
	fmt.Fprintf(w, "%s updated:\n", code)
	for _, c := range res.Changes {
		fmt.Fprintf(w, "  %s\n", c)
	}
	return nil
}
