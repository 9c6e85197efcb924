package demo

// The parameters the demo certifier fixes for its RNCP (R6113-16-3), set
// the way a quality manager does it after the import: minimum training and
// internship durations, in-person share, trainees per trainer, and its own
// wording of one bloc's evaluation (kept by every later import). The jury
// composition, prerequisites and the other blocs' evaluation modalities come
// from the export.

func init() {
	Register(Step{Order: 12, Name: "what every partner must respect: training durations, in-person share… (habil certification edit)", Fn: editCertificationParams})
}

func editCertificationParams(e *Env) error {
	if _, err := e.Run("certification", "edit", demoRNCP,
		"--min-training-hours", "1050", "--internship-min-hours", "280", "--internship-max-hours", "490",
		"--min-in-person", "50", "--max-trainees-per-trainer", "20",
		"--prerequisites", "Niveau 5 (bac+2) validé, ou 3 ans d'expérience dans une fonction RH",
		"--bloc-evaluation", "BC04=Projet RH réalisé en entreprise, rapport écrit et soutenance orale devant le jury"); err != nil {
		return err
	}
	if _, err := e.Run("certification", "edit", demoRS, "--min-training-hours", "70", "--min-in-person", "0", "--max-trainees-per-trainer", "12"); err != nil {
		return err
	}
	e.Log("%s: training 1050 h, internship 280–490 h, in person ≥ 50 %%, ≤ 20 trainees per trainer; %s: 70 h, may be fully remote", demoRNCP, demoRS)
	return nil
}
