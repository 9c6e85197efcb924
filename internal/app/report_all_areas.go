package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/report"
)

// The entries of the 'report all' registry that belong to the areas of
// issues 13, 14 and 17: the France Compétences statistics of each
// certification, the royalty statements and the CPF accrochage preview.
// None of them records anything (the pinned store refuses writes).

func init() {
	RegisterBundle(Bundle{Name: "France Compétences statistics", Build: bundleFranceCompetences})
	RegisterBundle(Bundle{Name: "royalty statements", Build: bundleRoyalties})
	RegisterBundle(Bundle{Name: "accrochage preview", Build: bundleAccrochagePreview})
}

// FCTables are the statistics workbook's sheets as report tables (SIRETs
// and certificate numbers kept as text).
func FCTables(rep *FCReport) []*Table { return fcTables(rep.Sheets()) }

// fcTables are the sheets built by FCReport.Sheets as report tables.
func fcTables(sheets []FCSheet) []*Table {
	var out []*Table
	for _, sh := range sheets {
		t := &Table{Sheet: sh.Name}
		for _, h := range sh.Headers {
			t.Columns = append(t.Columns, Column{Header: h, Text: h == "SIRET" || h == "organisme" || h == "n° de certificat"})
		}
		t.Rows = sh.Rows
		out = append(out, t)
	}
	return out
}

// bundleFranceCompetences writes france-competences-CODE.xlsx and .pdf for
// every certification whose holders count with itself (a predecessor
// fiche's holders count with its successor, in the successor's files).
func bundleFranceCompetences(ctx context.Context, a *App, p BundleParams) ([]OutFile, error) {
	var certs []*domain.Certification
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		certs, err = r.Certifications()
		return err
	})
	if err != nil {
		return nil, err
	}
	held := map[domain.CertCode]bool{}
	for _, c := range certs {
		held[c.Code] = true
	}
	var out []OutFile
	for _, c := range certs {
		replaced := false
		for _, s := range c.Successors {
			if held[s] {
				replaced = true
			}
		}
		if replaced {
			continue
		}
		rep, err := a.FranceCompetencesReport(ctx, c.Code, domain.Date{}, p.At)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.Code, err)
		}
		sheets := rep.Sheets() // every holder's row: built once for both files
		x, err := p.Writers.Workbook(fcTables(sheets))
		if err != nil {
			return nil, err
		}
		pdf, err := p.Writers.PDF(rep.document(sheets))
		if err != nil {
			return nil, err
		}
		base := "france-competences-" + string(c.Code)
		out = append(out, OutFile{Name: base + ".xlsx", Data: x, Personal: true}, OutFile{Name: base + ".pdf", Data: pdf, Personal: true})
	}
	return out, nil
}

// RoyaltyColumns are the columns of the Redevances sheet.
var RoyaltyColumns = []Column{
	{Header: "siret", Width: 16, Text: true}, {Header: "partenaire", Width: 32}, {Header: "convention", Width: 16},
	{Header: "certification", Width: 13}, {Header: "source", Width: 34}, {Header: "détail", Width: 40},
	{Header: "quantité", Width: 10, Text: true}, {Header: "montant unitaire", Width: 16}, {Header: "total", Width: 14},
}

// RoyaltyTable is the Redevances sheet: one row per line of each
// statement (its source, quantity, unit amount and total), then a total per
// partner.
func RoyaltyTable(sts []*domain.RoyaltyStatement) *Table {
	t := &Table{Sheet: "Redevances", Columns: RoyaltyColumns, Rows: [][]any{}}
	for _, st := range sts {
		for _, l := range st.Lines {
			t.Rows = append(t.Rows, []any{string(st.SIRET), st.PartnerName, l.Convention, string(l.Certification), domain.RoyaltySourceFrench(l.Source),
				report.RoyaltyLineDetail(l), l.QuantityText(), l.Unit.Euros(), l.Total.Euros()})
		}
		t.Rows = append(t.Rows, []any{string(st.SIRET), st.PartnerName, "", "", "Total dû", "", "", "", st.Total.Euros()})
	}
	return t
}

// bundleRoyalties writes royalties-YYYY.xlsx for the last complete year
// (the one to invoice) and for the current year to date, without
// recording them.
func bundleRoyalties(ctx context.Context, a *App, p BundleParams) ([]OutFile, error) {
	var out []OutFile
	for _, year := range []int{p.At.Year() - 1, p.At.Year()} {
		var sts []*domain.RoyaltyStatement
		err := a.Store.Read(ctx, func(r domain.Reader) error {
			var err error
			sts, err = RoyaltiesOf(r, year, p.At, "")
			return err
		})
		if err != nil {
			return nil, err
		}
		if len(sts) == 0 {
			continue
		}
		b, err := p.Writers.Workbook([]*Table{RoyaltyTable(sts)})
		if err != nil {
			return nil, err
		}
		out = append(out, OutFile{Name: fmt.Sprintf("royalties-%d.xlsx", year), Data: b})
	}
	return out, nil
}

// bundleAccrochagePreview writes accrochage-preview.xml: what 'report
// accrochage' would send at p.At (pending passages included), with an
// idFlux and a time derived from p.At; nothing when there is nothing to
// send or the certifier has no CDC ids yet (check says so).
func bundleAccrochagePreview(ctx context.Context, a *App, p BundleParams) ([]OutFile, error) {
	if p.Writers.Accrochage.Write == nil {
		return nil, nil
	}
	me, err := a.Certifier(ctx)
	if err != nil {
		return nil, err
	}
	if me.CDCClientID == "" || me.CDCContract == "" {
		return nil, nil
	}
	dir, err := os.MkdirTemp("", "habil-preview-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	res, err := a.AccrochagePreview(ctx, filepath.Join(dir, "accrochage-preview.xml"), p.At, p.Writers.Accrochage)
	if err != nil {
		return nil, err
	}
	if res == nil || len(res.Files) == 0 {
		return nil, nil
	}
	// One file, or numbered files when one would pass the CDC's 200 MB.
	var out []OutFile
	for _, f := range res.Files {
		b, err := os.ReadFile(f.Path)
		if err != nil {
			return nil, err
		}
		out = append(out, OutFile{Name: filepath.Base(f.Path), Data: b, Personal: true})
	}
	return out, nil
}
