package demo

func init() {
	Register(Step{Order: 0, Name: "certifier identity (habil init)", Fn: func(e *Env) error {
		_, err := e.Run("init",
			"--name", "Académie des Métiers du Numérique",
			"--siret", "73282932000074",
			"--nda", "11755555555",
			"--address", "12 rue de la Paix, 75002 Paris",
			"--signatory", "Marie Dupont, directrice générale",
			"--cdc-client", "12ABC345",
			"--cdc-contract", "MCFCER000123")
		return err
	}})
}
