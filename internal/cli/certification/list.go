package certification

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// NewCmdList builds 'certification list'.
func NewCmdList(f *cmdutil.Factory, runF func(context.Context) error) *cobra.Command {
	var at cmdutil.DateFlag
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the certifications with their level, registration end date, blocs, routes and state",
		Long: `List the certifications with their level, registration end date, number of blocs, open access
routes and state today (or --at): active, ended (the registration end is past) or inactive (marked so by
France Compétences), with the fiche that replaces it ("inactive → RNCP42147") when the export names
one. A new habilitation on an ended or inactive fiche must end within its delivery deadline.
--format json gives the same with the key "state" (active | ended | inactive) and "successors".`,
		Example: "  habil certification list\n  habil certification list --format json\n  habil certification list --at 2027-01-01   # which fiches will have ended",
		Args:    cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context())
			}
			return listRun(cmd.Context(), f, f.At(&at))
		},
	}
	cmdutil.AddAtFlag(cmd, &at)
	return cmd
}

func listRun(ctx context.Context, f *cmdutil.Factory, today domain.Date) error {
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	list, err := a.Certifications(ctx)
	if err != nil {
		return err
	}
	js := make([]certJSON, 0, len(list))
	var rows [][]string
	for _, c := range list {
		js = append(js, toJSON(c, false, today))
		level := "-"
		if c.Level > 0 {
			level = strconv.Itoa(c.Level)
		}
		rows = append(rows, []string{string(c.Code), truncate(c.Title, 60), level, cmdutil.Orempty(c.EndDate.String()),
			strconv.Itoa(len(c.Blocs)), cmdutil.Orempty(domain.AccessCodes(c.Access)), stateText(c, today)})
	}
	return cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{
		Headers: []string{"code", "title", "level", "end date", "blocs", "access", "state"},
		Rows:    rows, JSON: js,
		Empty: "No certification yet: add one with 'habil certification import FILE' or 'habil certification add CODE --title …'.",
	})
}

// stateText is the fiche's state for a table: "active", "ended",
// "inactive", with "→ SUCCESSOR" when the export names the fiche that
// replaces it.
func stateText(c *domain.Certification, today domain.Date) string {
	st := string(c.State(today))
	if len(c.Successors) > 0 {
		s := make([]string, len(c.Successors))
		for i, x := range c.Successors {
			s[i] = string(x)
		}
		st += " → " + strings.Join(s, ", ")
	}
	return st
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// NewCmdShow builds 'certification show'.
func NewCmdShow(f *cmdutil.Factory, runF func(context.Context, string) error) *cobra.Command {
	var at cmdutil.DateFlag
	cmd := &cobra.Command{
		Use:   "show CODE",
		Short: "Show one certification: state, certifiers, parameters, blocs, routes, published statistics and partners",
		Long: `Show one certification: level, registration end and delivery deadline, access routes, its state
today (active, ended or inactive, with the fiche that replaces it), registration type, partial
validation (bloc by bloc), its certifiers (co-certification lists several), the parameters every
partner must respect ('habil certification edit'; "not recorded" ones are printed in the convention
as fixed by the certifier), the blocs with their evaluation modalities, the published statistics and
the partners France Compétences lists, with their status, active-since and last-change dates.
--format json has every field (null when not recorded); --format csv lists the blocs.`,
		Example: "  habil certification show RNCP35419\n  habil certification show RS5568 --format json",
		Args:    cmdutil.ExactArgs(1, "the certification CODE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), args[0])
			}
			return showRun(cmd.Context(), f, args[0], f.At(&at))
		},
	}
	cmdutil.AddAtFlag(cmd, &at)
	return cmd
}

func showRun(ctx context.Context, f *cmdutil.Factory, arg string, today domain.Date) error {
	code, err := domain.ParseCertCode(arg)
	if err != nil {
		return cmdutil.FlagValue("CODE", err)
	}
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	c, err := a.Certification(ctx, code)
	if err != nil {
		return err
	}
	j := toJSON(c, true, today)
	switch f.Format {
	case "json":
		return cmdutil.WriteJSON(f.IOStreams.Out, j)
	case "csv":
		var rows [][]string
		for _, b := range c.Blocs {
			rows = append(rows, []string{string(c.Code), b.Code, b.Label})
		}
		return cmdutil.WriteCSV(f.IOStreams.Out, []string{"certification", "bloc", "label"}, rows)
	}
	w := cmdutil.SafeWriter(f.IOStreams.Out) // no raw control character from older data
	level := "none"
	if c.Level > 0 {
		level = strconv.Itoa(c.Level)
	}
	fmt.Fprintf(w, "%s  %s\n", c.Code, c.Title)
	fmt.Fprintf(w, "level:             %s\n", level)
	fmt.Fprintf(w, "registration ends: %s\n", cmdutil.Orempty(c.EndDate.String()))
	if !c.DeliveryLimit.IsZero() {
		fmt.Fprintf(w, "delivery limit:    %s\n", c.DeliveryLimit)
	}
	fmt.Fprintf(w, "access routes:     %s\n", orAll(c.Access))
	fmt.Fprintf(w, "state:             %s\n", stateText(c, today))
	if c.RegistrationType != "" {
		fmt.Fprintf(w, "registration type: %s\n", c.RegistrationType)
	}
	if c.PartialValidation != nil {
		v := "no (the whole certification only)"
		if *c.PartialValidation {
			v = "yes (bloc by bloc)"
		}
		fmt.Fprintf(w, "partial validation: %s\n", v)
	}
	for i, x := range c.Certifiers {
		label := "certifier:        "
		if len(c.Certifiers) > 1 {
			label = fmt.Sprintf("certifier %d/%d:    ", i+1, len(c.Certifiers))
		}
		siret := "no SIRET published"
		if x.SIRET != "" {
			siret = "SIRET " + domain.FormatSIRET(x.SIRET)
		}
		fmt.Fprintf(w, "%s %s (%s)\n", label, x.Name, siret)
	}
	src := c.Source
	if c.SourceDate != "" {
		src += " (" + c.SourceDate + ")"
	}
	fmt.Fprintf(w, "source:            %s\n", src)
	printParams(w, c)
	if len(c.Blocs) > 0 {
		fmt.Fprintln(w, "\nblocs:")
		rows := make([][]string, 0, len(c.Blocs))
		for _, b := range c.Blocs {
			rows = append(rows, []string{b.Code, b.Label, oneLine(cmdutil.Orempty(b.Evaluation), 60)})
		}
		if err := cmdutil.RenderTable(w, []string{"code", "label", "evaluation"}, rows); err != nil {
			return err
		}
	}
	if len(c.Stats) > 0 {
		fmt.Fprintln(w, "\npublished statistics:")
		var rows [][]string
		p := func(x *int) string {
			if x == nil {
				return "-"
			}
			return strconv.Itoa(*x)
		}
		for _, s := range c.Stats {
			rows = append(rows, []string{strconv.Itoa(s.Year), p(s.Certified), p(s.CertifiedVAE), p(s.Insertion6m), p(s.TargetJob24m)})
		}
		if err := cmdutil.RenderTable(w, []string{"year", "certified", "of which VAE", "insertion 6m %", "target job 24m %"}, rows); err != nil {
			return err
		}
	}
	if len(c.Partners) > 0 {
		fmt.Fprintf(w, "\npartners published by France Compétences: %d\n", len(c.Partners))
		var rows [][]string
		for _, p := range c.Partners {
			rows = append(rows, []string{domain.FormatSIRET(p.SIRET), truncate(p.Name, 40), p.Habilitation, cmdutil.Orempty(p.Status),
				cmdutil.Orempty(p.ActiveSince.String()), cmdutil.Orempty(p.StatusChange.String())})
		}
		if err := cmdutil.RenderTable(w, []string{"siret", "name", "habilitation", "status", "active since", "last status change"}, rows); err != nil {
			return err
		}
	}
	return nil
}

// notRecorded is what show prints for a parameter the certifier has not set.
const notRecorded = "not recorded — the convention says fixed by the certifier"

// printParams prints the parameters set by 'certification edit' (and filled
// from the export).
func printParams(w io.Writer, c *domain.Certification) {
	p := c.Params
	num := func(v *int, unit string) string {
		if v == nil {
			return notRecorded
		}
		return strconv.Itoa(*v) + unit
	}
	txt := func(s string) string {
		if s == "" {
			return notRecorded
		}
		return oneLine(s, 90)
	}
	award := "after the deliberation of a jury"
	if p.ByScore() {
		award = "by a score, without jury"
	}
	fmt.Fprintln(w, "\nparameters every partner must respect ('habil certification edit'):")
	fmt.Fprintf(w, "  minimum training:          %s\n", num(p.MinTrainingHours, " h"))
	fmt.Fprintf(w, "  internship minimum:        %s\n", num(p.InternshipMinHours, " h"))
	fmt.Fprintf(w, "  internship maximum:        %s\n", num(p.InternshipMaxHours, " h"))
	fmt.Fprintf(w, "  minimum in-person share:   %s\n", num(p.MinInPersonPct, " %"))
	fmt.Fprintf(w, "  max. trainees per trainer: %s\n", num(p.MaxTraineesPerTrainer, ""))
	fmt.Fprintf(w, "  prerequisites:             %s\n", txt(p.Prerequisites))
	fmt.Fprintf(w, "  jury composition:          %s\n", txt(p.JuryComposition))
	fmt.Fprintf(w, "  awarded:                   %s\n", award)
}

// oneLine shows a multi-line text on one line, cut to n characters.
func oneLine(s string, n int) string {
	return truncate(strings.ReplaceAll(s, "\n", " / "), n)
}
