package demo

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/habil-app/habil/internal/atomicfile"
	"github.com/habil-app/habil/internal/domain"
)

// The end of the sessions' life (issue 12), on the sessions the sessions
// step created: every session past is given its results (about 70 %
// admitted, partial successes that earn a bloc attestation, absents), then,
// from the most recent back, one session is left held without results, one
// with its results in, one closed by its jury and the older ones delivered,
// but for one ended over 30 days ago left without results (RESULTS_MISSING)
// and one closed by its jury over 30 days ago, not delivered (DELIVERY_LATE):
// their jury minutes and certificates are written to
// reports/sessions/. Sessions still to come stay planned.

func init() {
	Register(Step{Order: 52, Name: "session results, juries, minutes and certificates (habil session results, close, pv, deliver, duplicate)", Fn: buildSessionResults})
}

type demoSessionJSON struct {
	ID            int64  `json:"id"`
	Certification string `json:"certification"`
	Date          string `json:"date"`
	EndDate       string `json:"end_date"`
	Status        string `json:"status"`
	Candidates    []struct {
		BirthName string   `json:"birth_name"`
		FirstName string   `json:"first_name"`
		BirthDate string   `json:"birth_date"`
		Blocs     []string `json:"blocs"` // targeted ("" : the whole certification)
		Result    any      `json:"result"`
	} `json:"candidates"`
}

type demoCertBlocsJSON struct {
	Blocs []struct {
		Code string `json:"code"`
	} `json:"blocs"`
}

func buildSessionResults(e *Env) error {
	out, err := e.Run("session", "list", "--format", "json", "--at", e.Today.String())
	if err != nil {
		return err
	}
	var list []demoSessionJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		return fmt.Errorf("demo: reading the session list: %w", err)
	}
	// The sessions past, most recent first.
	var past []demoSessionJSON
	for _, s := range list {
		last := s.Date
		if s.EndDate != "" {
			last = s.EndDate
		}
		d, err := domain.ParseDate(last)
		if err != nil {
			return fmt.Errorf("demo: session %d: %w", s.ID, err)
		}
		if d.Before(e.Today.AddDays(-1)) && s.Status == "held" {
			s.EndDate = last
			past = append(past, s)
		}
	}
	sort.SliceStable(past, func(i, j int) bool { return past[i].EndDate > past[j].EndDate })
	if len(past) == 0 {
		e.Log("no session past without results: nothing to deliver")
		return nil
	}
	dir := filepath.Join(e.Reports, "sessions")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	blocs := map[string][]string{}
	var delivered, certificates, closed int
	// Besides the recent states, one session ended over 30 days ago is
	// left without results (RESULTS_MISSING) and one whose jury met over
	// 30 days ago is left undelivered (DELIVERY_LATE), as happens in a
	// real network.
	stale, late := false, false
	monthAgo := e.Today.AddDays(-30)
	for i, s := range past {
		if i == 0 {
			continue // held: the results are not in yet (RESULTS_MISSING once 30 days have passed)
		}
		if end, _ := domain.ParseDate(s.EndDate); i >= 3 && !stale && end.Before(monthAgo.AddDays(-15)) {
			stale = true
			continue // held, the results forgotten: RESULTS_MISSING
		}
		if _, ok := blocs[s.Certification]; !ok {
			out, err := e.Run("certification", "show", s.Certification, "--format", "json")
			if err != nil {
				return err
			}
			var c demoCertBlocsJSON
			if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &c); err != nil {
				return fmt.Errorf("demo: reading certification %s: %w", s.Certification, err)
			}
			for _, b := range c.Blocs {
				blocs[s.Certification] = append(blocs[s.Certification], b.Code)
			}
		}
		out, err := e.Run("session", "show", strconv.FormatInt(s.ID, 10), "--format", "json")
		if err != nil {
			return err
		}
		var full demoSessionJSON
		if err := json.Unmarshal([]byte(out), &full); err != nil {
			return fmt.Errorf("demo: reading session %d: %w", s.ID, err)
		}
		if len(full.Candidates) == 0 {
			continue
		}
		var b strings.Builder
		b.WriteString("nom de naissance;prenom;date de naissance;resultat;blocs valides;mention;note\n")
		mentions := []string{"sans mention", "assez bien", "bien", "tres bien"}
		for _, c := range full.Candidates {
			bd, _ := domain.ParseDate(c.BirthDate)
			row := []string{c.BirthName, c.FirstName, bd.French()}
			r := e.Rand.Intn(100)
			cb := blocs[s.Certification]
			if len(c.Blocs) > 0 && len(c.Blocs) < len(cb) {
				// Targets some blocs only: validates them, or one of them.
				if r < 8 {
					row = append(row, "absent", "", "", "")
				} else {
					row = append(row, "ajourne", c.Blocs[0], "", "")
				}
				b.WriteString(strings.Join(row, ";") + "\n")
				continue
			}
			switch {
			case r < 8:
				row = append(row, "absent", "", "", "")
			case r < 22 && len(cb) > 1:
				row = append(row, "ajourne", cb[0], "", fmt.Sprintf("%d,%d", 7+e.Rand.Intn(3), e.Rand.Intn(10)))
			case r < 30:
				row = append(row, "ajourne", "", "", fmt.Sprintf("%d,%d", 5+e.Rand.Intn(4), e.Rand.Intn(10)))
			default:
				row = append(row, "admis", "", mentions[e.Rand.Intn(len(mentions))], fmt.Sprintf("%d,%d", 10+e.Rand.Intn(9), e.Rand.Intn(10)))
			}
			b.WriteString(strings.Join(row, ";") + "\n")
		}
		file := filepath.Join(e.Dir, "sessions", fmt.Sprintf("resultats-session-%d.csv", s.ID))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		if err := atomicfile.WriteBytes(file, 0o600, []byte(b.String())); err != nil {
			return err
		}
		id := strconv.FormatInt(s.ID, 10)
		if _, err := e.Run("session", "results", id, file); err != nil {
			return err
		}
		if i == 1 {
			continue // results-in: the jury has not met yet
		}
		last, _ := domain.ParseDate(s.EndDate)
		jury := last.AddDays(7)
		if jury.After(e.Today) {
			jury = e.Today
		}
		if _, err := e.Run("session", "close", id, "--jury-date", jury.String(), "--at", e.Today.String()); err != nil {
			return err
		}
		closed++
		if _, err := e.Run("session", "pv", id, "--out", filepath.Join(dir, "pv-session-"+id+".pdf")); err != nil {
			return err
		}
		if i == 2 {
			late = late || jury.Before(monthAgo)
			continue // jury-closed: the certificates are not delivered yet
		}
		if !late && stale && jury.Before(monthAgo) {
			late = true
			continue // jury-closed long ago, the certificates forgotten: DELIVERY_LATE
		}
		on := jury.AddDays(10)
		if on.After(e.Today) {
			on = e.Today
		}
		nums, err := e.Run("session", "deliver", id, "--date", on.String(), "--out", filepath.Join(dir, "certificats-session-"+id), "--at", e.Today.String())
		if err != nil {
			return err
		}
		delivered++
		certificates += len(strings.Fields(nums))
		if delivered == 1 && len(strings.Fields(nums)) > 0 {
			first := strings.Fields(nums)[0]
			if _, err := e.Run("session", "duplicate", first, "--out", filepath.Join(dir, "duplicata-"+first+".pdf"), "--at", e.Today.String()); err != nil {
				return err
			}
		}
	}
	e.Log("%d sessions closed by their jury, %d delivered: %d certificates and attestations in %s", closed, delivered, certificates, dir)
	e.Summary = append(e.Summary, fmt.Sprintf("Sessions: %d delivered (%d certificates and bloc attestations), jury minutes and certificates in %s", delivered, certificates, dir))
	return nil
}
