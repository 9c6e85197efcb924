package certification

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// AddOptions are the flags of 'certification add'.
type AddOptions struct {
	Code    string
	Title   string
	Level   int
	EndDate cmdutil.DateFlag
	Blocs   []string
	Access  string
	Update  bool
}

// NewCmdAdd builds 'certification add'.
func NewCmdAdd(f *cmdutil.Factory, runF func(context.Context, *AddOptions) error) *cobra.Command {
	o := &AddOptions{}
	cmd := &cobra.Command{
		Use:   "add CODE --title TEXT [--level 3..8] [--end-date D] [--bloc CODE=LABEL]... [--access FI,CA,FC,CQ,CL,VAE]",
		Short: "Record a certification by hand (when it is not in the France Compétences export yet)",
		Long: `Record an RNCP or RS certification by hand: its code, exact title, level (RNCP only, 3 to 8),
registration end date, blocs de compétences (RNCP only) and the access routes it is open to
(FI, CA, FC, CQ, CL, VAE; default: none recorded, which means every route is accepted).

An existing code is refused unless --update is given, which replaces its title, level, end
date, blocs and routes. Importing the France Compétences export is usually simpler.`,
		Example: `  habil certification add RNCP35419 --title "Développeur web et web mobile" --level 5 \
      --end-date 2027-06-30 --bloc BC01="Développer la partie front-end" \
      --bloc BC02="Développer la partie back-end" --access FI,CA,FC,CQ,VAE
  habil certification add RS5568 --title "Habilitation électrique" --end-date 31/12/2026`,
		Args: cmdutil.ExactArgs(1, "the certification CODE (e.g. RNCP35419 or RS5568)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Code = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return addRun(cmd.Context(), f, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Title, "title", "", "exact title as registered (required)")
	fl.IntVar(&o.Level, "level", 0, "RNCP level, 3 to 8 (none for RS)")
	fl.Var(&o.EndDate, "end-date", "registration end date (YYYY-MM-DD or DD/MM/YYYY)")
	fl.StringArrayVar(&o.Blocs, "bloc", nil, "a bloc as CODE=LABEL (repeat for each bloc; BC01 is completed with the code)")
	fl.StringVar(&o.Access, "access", "", "open access routes, e.g. FI,CA,FC,CQ,CL,VAE")
	fl.BoolVar(&o.Update, "update", false, "replace an existing certification's data")
	return cmd
}

func addRun(ctx context.Context, f *cmdutil.Factory, o *AddOptions) error {
	code, err := domain.ParseCertCode(o.Code)
	if err != nil {
		return cmdutil.FlagValue("CODE", err)
	}
	if strings.TrimSpace(o.Title) == "" {
		return cmdutil.FlagErrorf("--title is required: give the exact title as registered")
	}
	if err := domain.ValidateLevel(code, o.Level); err != nil {
		return cmdutil.FlagValue("level", err)
	}
	c := &domain.Certification{Code: code, Title: strings.TrimSpace(o.Title), Level: o.Level, EndDate: o.EndDate.Date}
	seen := map[string]bool{}
	for _, b := range o.Blocs {
		k, label, ok := strings.Cut(b, "=")
		if !ok || strings.TrimSpace(label) == "" {
			return cmdutil.FlagValue("bloc", domain.Invalid("BLOC_FORMAT", "%q: write CODE=LABEL, e.g. BC01=\"Concevoir une application\"", b))
		}
		bc, err := domain.ParseBlocCode(code, k)
		if err != nil {
			return cmdutil.FlagValue("bloc", err)
		}
		if seen[bc] {
			return cmdutil.FlagValue("bloc", domain.Invalid("BLOC_DUPLICATE", "bloc %s is given twice", bc))
		}
		seen[bc] = true
		c.Blocs = append(c.Blocs, domain.Bloc{Code: bc, Label: strings.TrimSpace(label)})
	}
	if c.Access, err = domain.ParseAccessList(o.Access); err != nil {
		return cmdutil.FlagValue("access", err)
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	ch, err := a.AddCertification(ctx, c, o.Update)
	if err != nil {
		return err
	}
	switch {
	case ch.Created:
		fmt.Fprintf(f.IOStreams.ErrOut, "Certification %s recorded (%d blocs, access routes: %s).\n", code, len(c.Blocs), orAll(c.Access))
	case ch.Unchanged():
		fmt.Fprintf(f.IOStreams.ErrOut, "Nothing changed: %s was already as given.\n", code)
	default:
		fmt.Fprintf(f.IOStreams.ErrOut, "Certification %s updated: %s.\n", code, strings.Join(ch.Changes, "; "))
	}
	fmt.Fprintln(f.IOStreams.Out, code)
	return nil
}

func orAll(a []domain.Access) string {
	if len(a) == 0 {
		return "not recorded (all accepted)"
	}
	return domain.AccessCodes(a)
}
