package cohort

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// IndicatorJSON is one promotion's indicators, keys of the contract's
// Indicators section.
type IndicatorJSON struct {
	Year             int      `json:"year"`
	Route            *string  `json:"route,omitempty"`
	PartnerSIRET     *string  `json:"partner_siret,omitempty"`
	Certified        int      `json:"certified"`
	CertifiedVAE     int      `json:"certified_vae"`
	Respondents6m    int      `json:"respondents_6m"`
	Neutralised6m    int      `json:"neutralised_6m"`
	Employed6m       int      `json:"employed_6m"`
	InsertionRate6m  *int     `json:"insertion_rate_6m"`
	TargetJob6m      int      `json:"target_job_6m"`
	TargetJobRate6m  *int     `json:"target_job_rate_6m"`
	Respondents24m   int      `json:"respondents_24m"`
	Neutralised24m   int      `json:"neutralised_24m"`
	Employed24m      int      `json:"employed_24m"`
	TargetJob24m     int      `json:"target_job_24m"`
	InsertionRate24m *int     `json:"insertion_rate_24m"`
	TargetJobRate24m *int     `json:"target_job_rate_24m"`
	ResponseRate6m   *int     `json:"response_rate_6m"`
	ResponseRate24m  *int     `json:"response_rate_24m"`
	Fiches           []string `json:"fiches"`
}

// ToIndicatorJSON converts one row of indicators.
func ToIndicatorJSON(in domain.Indicators, by domain.Breakdown) IndicatorJSON {
	j := IndicatorJSON{Year: in.Year, Certified: in.Certified, CertifiedVAE: in.CertifiedVAE,
		Respondents6m: in.W6m.Respondents, Neutralised6m: in.W6m.Neutralised, Employed6m: in.W6m.Employed,
		InsertionRate6m: in.W6m.InsertionRate, TargetJob6m: in.W6m.TargetJob, TargetJobRate6m: in.W6m.TargetJobRate,
		Respondents24m: in.W24m.Respondents, Neutralised24m: in.W24m.Neutralised, Employed24m: in.W24m.Employed,
		TargetJob24m: in.W24m.TargetJob, InsertionRate24m: in.W24m.InsertionRate, TargetJobRate24m: in.W24m.TargetJobRate,
		ResponseRate6m: in.W6m.ResponseRate, ResponseRate24m: in.W24m.ResponseRate, Fiches: app.Fiches(in.Fiches)}
	switch by {
	case domain.ByRoute:
		s := string(in.Route)
		j.Route = &s
	case domain.ByPartner:
		s := string(in.Partner)
		j.PartnerSIRET = &s
	}
	return j
}

func rate(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func newCmdIndicators(f *cmdutil.Factory) *cobra.Command {
	var cert, by string
	var year int
	cmd := &cobra.Command{
		Use:   "indicators --certification CODE [--year Y] [--by route|partner]",
		Short: "Compute the official insertion indicators of a certification's promotions",
		Long: `Compute, per promotion year (the year of the jury decision), France Compétences' indicators:
holders certified (of whom by VAE), survey respondents at 6 and 24 months, the neutralised
(further studies, inability to work, work-study contracts and work outside the French labour
market — the last two per config keys indicators.neutralise_alternance and
indicators.neutralise_abroad), the employed, those in the target job, and the rates:
employed ÷ (respondents − neutralised), rounded half up to an integer %, empty (null) when the
denominator is 0; response rate = respondents ÷ certified.

Holders of a predecessor fiche count with the new one. --by route splits each year by access
route, --by partner by the partner that trained the holder (else the session's organiser).`,
		Example: `  habil cohort indicators --certification RNCP35419
  habil cohort indicators --certification RNCP35419 --year 2025 --format json
  habil cohort indicators --certification RNCP35419 --by route --format csv`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(cert) == "" {
				return cmdutil.FlagErrorf("--certification is required")
			}
			code, err := parseCert(cert)
			if err != nil {
				return err
			}
			b, err := domain.ParseBreakdown(by)
			if err != nil {
				return cmdutil.FlagValue("by", err)
			}
			if year != 0 && (year < 1900 || year > 9999) {
				return cmdutil.FlagErrorf("--year %d is not a year such as 2025", year)
			}
			a, err := f.ReadApp(cmd.Context())
			if err != nil {
				return err
			}
			res, err := a.Indicators(cmd.Context(), code, year, b)
			if err != nil {
				return err
			}
			js := make([]IndicatorJSON, len(res.Rows))
			var rows [][]string
			for i, in := range res.Rows {
				js[i] = ToIndicatorJSON(in, b)
				group := ""
				switch b {
				case domain.ByRoute:
					group = string(in.Route)
				case domain.ByPartner:
					group = string(in.Partner)
				}
				lead := []string{strconv.Itoa(in.Year)}
				if b != domain.ByYear {
					lead = append(lead, group)
				}
				rows = append(rows, append(lead, strconv.Itoa(in.Certified), strconv.Itoa(in.CertifiedVAE),
					fmt.Sprintf("%d/%d/%d", in.W6m.Respondents, in.W6m.Neutralised, in.W6m.Employed), rate(in.W6m.InsertionRate), rate(in.W6m.TargetJobRate),
					fmt.Sprintf("%d/%d/%d/%d", in.W24m.Respondents, in.W24m.Neutralised, in.W24m.Employed, in.W24m.TargetJob), rate(in.W24m.InsertionRate), rate(in.W24m.TargetJobRate),
					rate(in.W6m.ResponseRate), rate(in.W24m.ResponseRate)))
			}
			if f.Format == "table" {
				msg := fmt.Sprintf("Indicators of %s", code)
				if len(res.Predecessors) > 0 {
					msg += fmt.Sprintf(" (with the holders of %s)", strings.Join(app.Fiches(res.Predecessors), ", "))
				}
				fmt.Fprintln(f.IOStreams.ErrOut, msg+". Neutralised: "+strings.Join(res.Rules.Descriptions(), "; ")+".")
			}
			if f.Format == "csv" {
				headers := []string{"year", "route", "partner_siret", "certified", "certified_vae", "respondents_6m", "neutralised_6m", "employed_6m", "insertion_rate_6m",
					"target_job_6m", "target_job_rate_6m", "respondents_24m", "neutralised_24m", "employed_24m", "target_job_24m", "insertion_rate_24m",
					"target_job_rate_24m", "response_rate_6m", "response_rate_24m"}
				var csvRows [][]string
				for _, j := range js {
					route, partner := "", ""
					if j.Route != nil {
						route = *j.Route
					}
					if j.PartnerSIRET != nil {
						partner = *j.PartnerSIRET
					}
					csvRows = append(csvRows, []string{strconv.Itoa(j.Year), route, partner, strconv.Itoa(j.Certified), strconv.Itoa(j.CertifiedVAE),
						strconv.Itoa(j.Respondents6m), strconv.Itoa(j.Neutralised6m), strconv.Itoa(j.Employed6m), rate(j.InsertionRate6m),
						strconv.Itoa(j.TargetJob6m), rate(j.TargetJobRate6m), strconv.Itoa(j.Respondents24m), strconv.Itoa(j.Neutralised24m),
						strconv.Itoa(j.Employed24m), strconv.Itoa(j.TargetJob24m), rate(j.InsertionRate24m), rate(j.TargetJobRate24m),
						rate(j.ResponseRate6m), rate(j.ResponseRate24m)})
				}
				return cmdutil.WriteCSV(f.IOStreams.Out, headers, csvRows)
			}
			headers := []string{"year"}
			if b != domain.ByYear {
				headers = append(headers, string(b))
			}
			return cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{
				Headers: append(headers, "certified", "vae", "6m answ/neut/empl", "insertion 6m %", "target job 6m %",
					"24m answ/neut/empl/target", "insertion 24m %", "target job 24m %", "response 6m %", "response 24m %"),
				Rows: rows, JSON: js, Empty: fmt.Sprintf("%s has no holder yet.", code),
			})
		},
	}
	cmd.Flags().StringVar(&cert, "certification", "", "the certification (required)")
	cmd.Flags().IntVar(&year, "year", 0, "only this promotion year")
	cmd.Flags().StringVar(&by, "by", "", "split each year by route or partner")
	return cmd
}
