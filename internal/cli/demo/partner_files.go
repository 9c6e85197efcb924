package demo

import "path/filepath"

func init() {
	Register(Step{Order: 25, Name: "partner spreadsheets: export, import template, habilitations for France Compétences", Fn: func(e *Env) error {
		for _, args := range [][]string{
			{"partner", "export", "--out", filepath.Join(e.Reports, "partenaires.xlsx")},
			{"partner", "export", "--out", filepath.Join(e.Reports, "partenaires.csv")},
			{"partner", "template", "--out", filepath.Join(e.Reports, "modele-import-partenaires.xlsx")},
			{"report", "habilitations", "--out", filepath.Join(e.Reports, "habilitations.xlsx"), "--at", e.Today.String()},
			{"report", "habilitations", "--out", filepath.Join(e.Reports, "habilitations-toutes.csv"), "--all", "--at", e.Today.String()},
		} {
			if _, err := e.Run(args...); err != nil {
				return err
			}
		}
		// The export reads back unchanged: the demo proves the round trip.
		_, err := e.Run("partner", "import", filepath.Join(e.Reports, "partenaires.xlsx"), "--dry-run", "--at", e.Today.String())
		return err
	}})
}
