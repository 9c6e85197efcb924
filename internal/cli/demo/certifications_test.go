package demo

import (
	"context"
	"strings"
	"testing"

	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/fcexport"
)

// The demo's export must be a valid XML v4.1 export of the demo certifier,
// with dates around the demo's today.
func TestDemoExport(t *testing.T) {
	e := &Env{Today: domain.MustDate("2026-06-15")}
	r, err := fcexport.ReadXML(context.Background(), strings.NewReader(demoExport(e)), "france-competences-export.xml",
		fcexport.Selection{SIRET: "73282932000074"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Scanned != 2 || len(r.Fiches) != 2 || len(r.Problems()) != 0 || r.Skipped != 0 {
		t.Fatalf("scanned %d selected %d problems %v", r.Scanned, len(r.Fiches), r.Problems())
	}
	for _, f := range r.Fiches {
		if len(f.Notes) != 0 {
			t.Errorf("%s: %v", f.Cert.Code, f.Notes)
		}
	}
	rncp, rs := r.Fiches[0].Cert, r.Fiches[1].Cert
	if rncp.Code != demoRNCP || rncp.Level != 6 || len(rncp.Blocs) != 4 || domain.AccessCodes(rncp.Access) != "FI,CA,FC,CQ,VAE" ||
		rncp.EndDate.String() != "2027-12-15" || len(rncp.Stats) != 3 || rncp.Stats[2].Year != 2025 || len(rncp.Partners) != 6 {
		t.Errorf("%s: %+v", demoRNCP, rncp)
	}
	if rs.Code != demoRS || rs.Title != "Concevoir et animer des formations à distance" || rs.EndDate.String() != "2027-04-15" ||
		domain.AccessCodes(rs.Access) != "FC,CQ,CL" || len(rs.Stats) != 2 || len(rs.Partners) != 3 {
		t.Errorf("%s: %+v", demoRS, rs)
	}
	// The RS registration ends within the default 12 months of CERTIFICATION_ENDING, the RNCP one does not.
	if e.Today.AddMonths(12).Before(rs.EndDate) || !e.Today.AddMonths(12).Before(rncp.EndDate) {
		t.Error("end dates do not straddle the 12-month renewal warning")
	}
}
