package partner

import (
	"github.com/habil-app/habil/internal/app"
)

// ImportSchema is the partner spreadsheet (cli-contract.md, "Import headers"):
// one row per partner × certification habilitation. It is defined with the
// import use case (app.PartnerImportSchema); the same columns are written
// by 'partner export' and 'partner template', so an export can be edited
// and imported back.
var ImportSchema = app.PartnerImportSchema
