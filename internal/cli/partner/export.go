package partner

import (
	"context"
	"fmt"
	"github.com/habil-app/habil/internal/app"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
	"github.com/habil-app/habil/internal/xlsx"
	"github.com/spf13/cobra"
)

// ExportOptions are the flags of 'partner export'.
type ExportOptions struct {
	Out    string
	Status string
}

// NewCmdExport builds 'partner export'.
func NewCmdExport(f *cmdutil.Factory, runF func(context.Context, *ExportOptions) error) *cobra.Command {
	o := &ExportOptions{}
	cmd := &cobra.Command{
		Use:   "export --out FILE.xlsx|FILE.csv",
		Short: "Write the partner register as a spreadsheet that 'partner import' reads back",
		Long: `Write the register, one row per partner × habilitation (a partner without habilitation has
one row), with the columns of the import template: edit it in Excel or LibreOffice and import it
back. .xlsx keeps SIRETs as text; .csv is the French Excel dialect (UTF-8 with BOM, ';', CRLF,
dates dd/mm/yyyy; SIRETs written with spaces so that Excel keeps their 14 digits; any cell a
spreadsheet would run as a formula is neutralised with a leading ', which 'partner import'
removes again, so that the file imports back unchanged). The file is written with mode 0600.`,
		Example: `  habil partner export --out partenaires.xlsx
  habil partner export --out actifs.csv --status active`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := cmdutil.OutExt(o.Out, ".xlsx", ".csv"); err != nil {
				return err
			}
			if o.Status != "" {
				st, err := domain.ParsePartnerStatus(o.Status)
				if err != nil {
					return cmdutil.FlagValue("status", err)
				}
				o.Status = string(st)
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return exportRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "file to write (.xlsx or .csv)")
	cmd.Flags().StringVar(&o.Status, "status", "", "only partners with this status")
	return cmd
}

var frScope = map[domain.Scope]string{
	domain.ScopeTrain: "former", domain.ScopeAssess: "évaluer", domain.ScopeBoth: "former et évaluer",
}

var frRole = map[domain.Role]string{domain.RolePartner: "partenaire", domain.RoleCoCertifier: "co-certificateur"}

func exportRun(ctx context.Context, f *cmdutil.Factory, o *ExportOptions) error {
	if err := f.CheckOut(o.Out); err != nil {
		return err
	}
	a, err := f.ReadApp(ctx)
	if err != nil {
		return err
	}
	var filter domain.PartnerFilter
	if o.Status != "" {
		filter.Status = []domain.PartnerStatus{domain.PartnerStatus(o.Status)}
	}
	res, err := a.ExportPartners(ctx, filter, func(list []*domain.Partner) (int, error) {
		rows := exportRows(list, strings.EqualFold(filepath.Ext(o.Out), ".csv"))
		cols := make([]xlsx.Column, len(app.PartnerImportSchema.Fields))
		for i, fd := range app.PartnerImportSchema.Fields {
			cols[i] = xlsx.Column{Header: fd.Label, Text: fd.Kind == importer.Identifier}
		}
		return len(rows), cmdutil.WriteTableFile(o.Out, 0o600, f.Now(), app.PartnerImportSchema.Name, cols, rows)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "%s (%s) written to %s.\n", cmdutil.Count(res.Partners, "partner"), cmdutil.Count(res.Rows, "row"), o.Out)
	return nil
}

// exportRows lays the partners out in the import template's columns, one
// row per partner × habilitation (a partner without habilitation has one).
func exportRows(list []*domain.Partner, csv bool) [][]any {
	var rows [][]any
	for _, p := range list {
		var siret any = xlsx.Text(p.SIRET)
		if csv {
			siret = p.SIRET.Formatted()
		}
		var nda any
		if p.NDA != "" {
			nda = xlsx.Text(p.NDA)
			if csv {
				nda = string(p.NDA)
			}
		}
		base := []any{siret, p.Name, nda, frRole[p.Role], orNil(p.Email), orNil(p.Phone), orNil(p.Website),
			orNil(p.Address), orNil(p.Representative), p.Qualiopi.ValidUntil, orNil(p.UAI), p.Status.French()}
		if len(p.Habilitations) == 0 {
			rows = append(rows, append(base, nil, nil, nil, nil, nil, nil))
			continue
		}
		for _, h := range p.Habilitations {
			short := make([]string, len(h.Blocs))
			for i, b := range h.Blocs {
				short[i] = strings.TrimPrefix(b, string(h.Certification))
			}
			row := append(append([]any(nil), base...), string(h.Certification), frScope[h.Scope],
				orNil(strings.Join(short, ", ")), orNil(domain.AccessCodes(h.Access)), h.From, h.To)
			rows = append(rows, row)
		}
	}
	return rows
}

func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// TemplateOptions are the flags of 'partner template'.
type TemplateOptions struct{ Out string }

// NewCmdTemplate builds 'partner template'.
func NewCmdTemplate(f *cmdutil.Factory, runF func(context.Context, *TemplateOptions) error) *cobra.Command {
	o := &TemplateOptions{}
	cmd := &cobra.Command{
		Use:   "template --out FILE.xlsx",
		Short: "Write the blank partner import workbook, with a sheet explaining every column",
		Long: `Write the blank spreadsheet to send to whoever keeps the partner list: the first sheet has the
headers 'partner import' reads (identifier columns formatted as text so that SIRETs keep their
digits), the second sheet ("Explications") explains every column, whether it is required, the
other header names accepted and the allowed values.`,
		Example: "  habil partner template --out partenaires.xlsx",
		Args:    cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := cmdutil.OutExt(o.Out, ".xlsx"); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			if err := f.CheckOut(o.Out); err != nil {
				return err
			}
			if err := cmdutil.WriteTemplate(o.Out, app.PartnerImportSchema, f.Now()); err != nil {
				return err
			}
			fmt.Fprintf(f.IOStreams.ErrOut, "Template written to %s (%d columns).\n", o.Out, len(app.PartnerImportSchema.Fields))
			return nil
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "workbook to write (.xlsx)")
	return cmd
}
