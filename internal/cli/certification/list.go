package certification

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// NewCmdList builds 'certification list'.
func NewCmdList(f *cmdutil.Factory, runF func(context.Context) error) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the certifications with their level, registration end date, blocs and routes",
		Example: "  habil certification list\n  habil certification list --format json",
		Args:    cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context())
			}
			return listRun(cmd.Context(), f)
		},
	}
}

func listRun(ctx context.Context, f *cmdutil.Factory) error {
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
		js = append(js, toJSON(c, false))
		level := "-"
		if c.Level > 0 {
			level = strconv.Itoa(c.Level)
		}
		rows = append(rows, []string{string(c.Code), truncate(c.Title, 60), level, cmdutil.Orempty(c.EndDate.String()),
			strconv.Itoa(len(c.Blocs)), cmdutil.Orempty(domain.AccessCodes(c.Access))})
	}
	return cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{
		Headers: []string{"code", "title", "level", "end date", "blocs", "access"},
		Rows:    rows, JSON: js,
		Empty: "No certification yet: add one with 'habil certification import FILE' or 'habil certification add CODE --title …'.",
	})
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
	return &cobra.Command{
		Use:     "show CODE",
		Short:   "Show one certification: blocs, access routes, dates, published statistics and partners",
		Example: "  habil certification show RNCP35419\n  habil certification show RS5568 --format json",
		Args:    cmdutil.ExactArgs(1, "the certification CODE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), args[0])
			}
			return showRun(cmd.Context(), f, args[0])
		},
	}
}

func showRun(ctx context.Context, f *cmdutil.Factory, arg string) error {
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
	j := toJSON(c, true)
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
	w := f.IOStreams.Out
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
	src := c.Source
	if c.SourceDate != "" {
		src += " (" + c.SourceDate + ")"
	}
	fmt.Fprintf(w, "source:            %s\n", src)
	if len(c.Blocs) > 0 {
		fmt.Fprintln(w, "\nblocs:")
		rows := make([][]string, 0, len(c.Blocs))
		for _, b := range c.Blocs {
			rows = append(rows, []string{b.Code, b.Label})
		}
		if err := cmdutil.RenderTable(w, []string{"code", "label"}, rows); err != nil {
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
		fmt.Fprintf(w, "\npartners published by France Compétences: %d (see --format json)\n", len(c.Partners))
	}
	return nil
}
