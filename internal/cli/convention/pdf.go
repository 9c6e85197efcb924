package convention

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/report"
	"github.com/spf13/cobra"
)

// PDFOptions are the flags of 'convention pdf'.
type PDFOptions struct {
	Ref    string
	All    bool
	Out    string
	Status string
	At     cmdutil.DateFlag
}

// NewCmdPDF builds 'convention pdf'.
func NewCmdPDF(f *cmdutil.Factory, runF func(context.Context, *PDFOptions) error) *cobra.Command {
	o := &PDFOptions{}
	cmd := &cobra.Command{
		Use:   "pdf ID --out FILE.pdf | pdf --all --out DIR [--status S]",
		Short: "Print a convention, or all of them, as a PDF in French ready to sign",
		Long: `Write the complete convention in French: the parties (certifier from 'habil init', partner with
SIRET, déclaration d'activité, address, representative, Qualiopi), the articles carrying the
mentions required by R6113-16-2 to R6113-16-6 of the Code du travail, the annexes (cahier des
charges, scope, fees) and the signature blocks. Every page carries the number and date in its
header and "Page x/y".

With --all, the conventions in force or awaiting signature (draft, sent, signed) are written to
DIR as NUMBER.pdf; --status chooses others: one status, a comma list (--status ended,terminated)
or all. DIR is created when its parent folder exists. Nothing is written when the template is
broken.

The article texts come from the config key convention.template when set (see 'habil
convention text'), else the built-in texts. The certifier's logo (config key documents.logo, a
PNG or JPEG file) is printed above the title when set. The same data and the same --at (or
SOURCE_DATE_EPOCH) give byte-identical files; --at is also the printing date.

A signed convention is printed dated the day of its signature (not --at): reprinted with the
same template and data, it is byte-identical to the PDF fingerprinted at signature, and the
command says so on stderr. Otherwise it says why it differs: the template changed since
signature, the recorded data changed (partner, certifier…), or a later avenant is not signed
(the PDF is then the consolidated version). The file is written in every case.

Identity fields that are not recorded (address, representative…) print as a dotted blank to
complete by hand, with a warning; so does a character the embedded font cannot print.`,
		Example: `  habil convention pdf 12 --out convention-formapro.pdf
  habil convention pdf CONV-2025-0007 --out ~/Documents/CONV-2025-0007.pdf --at 2025-01-10
  habil convention pdf --all --out campagne-2026/
  habil convention pdf --all --status draft --out a-signer/
  habil convention pdf --all --status ended,terminated --out archives/
  habil convention pdf --all --status all --out toutes/`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return cmdutil.FlagErrorf("too many arguments: give one convention id, or --all")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Ref = args[0]
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return pdfRun(cmd.Context(), f, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Out, "out", "", "PDF file to write (a folder with --all) (required)")
	fl.BoolVar(&o.All, "all", false, "write every convention into the --out folder, as NUMBER.pdf")
	fl.StringVar(&o.Status, "status", "", "with --all: draft, sent, signed, ended, terminated, a comma list, or all (default draft,sent,signed)")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func pdfRun(ctx context.Context, f *cmdutil.Factory, o *PDFOptions) error {
	switch {
	case o.Out == "":
		return cmdutil.FlagErrorf("convention pdf needs --out (a .pdf file, or a folder with --all)")
	case o.All && o.Ref != "":
		return cmdutil.FlagErrorf("give a convention id or --all, not both")
	case !o.All && o.Ref == "":
		return cmdutil.FlagErrorf("missing the convention's id or number (or --all)")
	case !o.All && !strings.EqualFold(filepath.Ext(o.Out), ".pdf"):
		return cmdutil.FlagValue("out", domain.Invalid("OUT_EXTENSION", "%q must end in .pdf", o.Out))
	case !o.All && o.Status != "":
		return cmdutil.FlagErrorf("--status goes with --all")
	}
	req := app.ConventionDocsRequest{Ref: o.Ref, All: o.All}
	if o.Status != "" {
		l, err := domain.ParseConventionStatuses(o.Status)
		if err != nil {
			return cmdutil.FlagValue("status", err)
		}
		req.Statuses = l
	}
	if err := f.CheckOut(o.Out); err != nil {
		return err
	}
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	req.At = f.At(&o.At)
	start := time.Now()
	res, err := a.ConventionPDF(ctx, req, o.Out, cmdutil.NewDatedPDF(f.Stamp(&o.At)))
	if err != nil {
		var de *domain.Error
		if errors.As(err, &de) && de.Code == "OUT_NOT_FOLDER" {
			return cmdutil.FlagValue("out", err)
		}
		return err
	}
	if o.All && len(res.Docs) == 0 {
		fmt.Fprintln(f.IOStreams.ErrOut, "No convention to print: nothing written.")
		return nil
	}
	if res.TemplatePath != "" {
		fmt.Fprintf(f.IOStreams.ErrOut, "Article texts from %s (config key %s).\n", res.TemplatePath, TemplateKey)
	}
	if !o.All {
		c := res.Conventions[0]
		cmdutil.Warn(f.IOStreams, "", res.Warnings)
		fmt.Fprintf(f.IOStreams.ErrOut, "Wrote %s (%s, %s, %d bytes).\n", o.Out, c.Number, c.Status, res.Bytes)
		for _, s := range res.Signed {
			fmt.Fprintf(f.IOStreams.ErrOut, "%s.\n", s.Message)
		}
		if o.At.IsSet() && c.Status == domain.ConventionSigned && o.At.Date != c.SignedOn {
			fmt.Fprintf(f.IOStreams.ErrOut, "note: a signed convention is dated the day of its signature (%s), not --at.\n", c.SignedOn)
		}
		return nil
	}
	printWarnings(f, res.Warnings)
	fmt.Fprintf(f.IOStreams.ErrOut, "Wrote %d conventions to %s (%.1f MB in %.1f s).\n", res.Files, o.Out, float64(res.Bytes)/1e6, time.Since(start).Seconds())
	printSigned(f, res.Signed)
	return nil
}

// printSigned sums up, for --all, how the signed conventions printed
// compare with what was signed, naming those that differ (at most 20).
func printSigned(f *cmdutil.Factory, l []app.SignedComparison) {
	same := 0
	var differ []string
	for _, s := range l {
		if s.Same {
			same++
		} else {
			differ = append(differ, s.Message)
		}
	}
	if len(l) == 0 {
		return
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Signed conventions: %d identical to what was signed, %d not.\n", same, len(differ))
	const maxShown = 20
	for k, m := range differ {
		if k == maxShown {
			fmt.Fprintf(f.IOStreams.ErrOut, "… and %d more (print one convention to see why).\n", len(differ)-maxShown)
			break
		}
		fmt.Fprintf(f.IOStreams.ErrOut, "  %s\n", m)
	}
}

// printWarnings prints the warnings, at most 20, then how many more.
func printWarnings(f *cmdutil.Factory, warnings []string) {
	const maxShown = 20
	shown := warnings
	if len(shown) > maxShown {
		shown = shown[:maxShown]
	}
	cmdutil.Warn(f.IOStreams, "", shown)
	if n := len(warnings) - len(shown); n > 0 {
		fmt.Fprintf(f.IOStreams.ErrOut, "habil: warning: … and %d more warnings (print one convention to see all of its warnings)\n", n)
	}
}

// TextOptions are the flags of 'convention text'.
type TextOptions struct {
	Out   string
	Check string
}

// NewCmdText builds 'convention text'.
func NewCmdText(f *cmdutil.Factory, runF func(context.Context, *TextOptions) error) *cobra.Command {
	o := &TextOptions{}
	cmd := &cobra.Command{
		Use:   "text [--out FILE] | text --check FILE",
		Short: "Write the default article texts of the convention, to adapt them to your own wording",
		Long: `Write the default article texts of the convention d'habilitation as a readable template (Go
text/template) with named fields such as {{.Partner.Name}} or {{.Certification.Title}}; the top of
the file lists every field and the layout marks (# heading, - bullet, ::tableau, ::signatures…).
Each mention the 2025 decree makes mandatory (R6113-16-2 to R6113-16-8) is a named block,
{{define "NAME"}}…{{end}} printed with {{template "NAME" .}}: a template that lacks one is
refused, naming it. Articles are numbered from what is printed ("# Article — Objet").

Adapt a copy to your own legal wording, then name it in the configuration (config.yaml):
    convention.template: /path/to/my-convention.tmpl
or in the environment (HABIL_CONVENTION_TEMPLATE); 'convention pdf' then uses it. An unknown
field or a broken template is reported with its line before any PDF is written; --check FILE
checks a template without printing anything.`,
		Example: `  habil convention text --out my-convention.tmpl
  habil convention text --check my-convention.tmpl
  HABIL_CONVENTION_TEMPLATE=my-convention.tmpl habil convention pdf 12 --out test.pdf`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return textRun(f, o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "file to write (default: standard output)")
	cmd.Flags().StringVar(&o.Check, "check", "", "check this template file instead of writing one")
	return cmd
}

func textRun(f *cmdutil.Factory, o *TextOptions) error {
	if o.Check != "" {
		if o.Out != "" {
			return cmdutil.FlagErrorf("give --out or --check, not both")
		}
		if err := app.CheckConventionTemplate(o.Check); err != nil {
			return err
		}
		fmt.Fprintf(f.IOStreams.ErrOut, "%s is a valid convention template.\n", o.Check)
		return nil
	}
	if o.Out == "" {
		_, err := io.WriteString(f.IOStreams.Out, report.DefaultConventionTemplate())
		return err
	}
	if err := f.CheckOut(o.Out); err != nil {
		return err
	}
	if err := app.WriteConventionText(o.Out); err != nil {
		return err
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Wrote %s. Adapt it, then set '%s: %s' in the config file (or HABIL_CONVENTION_TEMPLATE).\n", o.Out, TemplateKey, o.Out)
	return nil
}
