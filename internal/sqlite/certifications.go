package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/habil-app/habil/internal/domain"
)

// certificationRow is the journaled form of a certification.
type certificationRow struct {
	Code          string   `json:"code"`
	Title         string   `json:"title"`
	Level         int      `json:"level"`
	EndDate       string   `json:"end_date"`
	DeliveryLimit string   `json:"delivery_limit"`
	Active        *bool    `json:"active"`
	Blocs         []string `json:"blocs"`
	Access        []string `json:"access"`
	Stats         int      `json:"published_statistics"`
	Partners      int      `json:"published_partners"`
	Source        string   `json:"source"`

	Certifiers        []string `json:"certifiers,omitempty"`
	RegistrationType  string   `json:"registration_type,omitempty"`
	Successors        []string `json:"successors,omitempty"`
	PartialValidation *bool    `json:"partial_validation,omitempty"`
	JuryComposition   string   `json:"jury_composition,omitempty"`
	Prerequisites     string   `json:"prerequisites,omitempty"`
}

func toCertificationRow(c *domain.Certification) certificationRow {
	r := certificationRow{Code: string(c.Code), Title: c.Title, Level: c.Level, EndDate: c.EndDate.String(),
		DeliveryLimit: c.DeliveryLimit.String(), Active: c.Active, Stats: len(c.Stats), Partners: len(c.Partners), Source: c.Source}
	r.Blocs = []string{}
	for _, b := range c.Blocs {
		r.Blocs = append(r.Blocs, b.Code+" "+b.Label)
	}
	r.Access = []string{}
	for _, a := range c.Access {
		r.Access = append(r.Access, string(a))
	}
	for _, x := range c.Certifiers {
		r.Certifiers = append(r.Certifiers, strings.TrimSpace(x.SIRET+" "+x.Name))
	}
	for _, x := range c.Successors {
		r.Successors = append(r.Successors, string(x))
	}
	r.RegistrationType, r.PartialValidation = c.RegistrationType, c.PartialValidation
	r.JuryComposition, r.Prerequisites = c.Params.JuryComposition, c.Params.Prerequisites
	return r
}

func certNotFound(code domain.CertCode, known []string) error {
	e := domain.NotFound("certification %s is not in the database", code)
	if len(known) > 0 {
		return e.WithHint("known certifications: %s; add one with 'habil certification add' or 'habil certification import'", strings.Join(known, ", "))
	}
	return e.WithHint("add it with 'habil certification add %s --title …' or 'habil certification import FILE'", code)
}

// Certification returns one certification with its blocs, routes, statistics
// and published partners.
func (db *DB) Certification(ctx context.Context, code domain.CertCode) (*domain.Certification, error) {
	c, err := loadCertification(ctx, db.sql, code)
	return c, db.wrap(err, "")
}

// Certification reads a certification inside the transaction.
func (tx *Tx) Certification(code domain.CertCode) (*domain.Certification, error) {
	return loadCertification(tx.ctx, tx, code)
}

// certification is Certification memoised for the transaction's rule checks;
// callers must not modify the result.
func (tx *Tx) certification(code domain.CertCode) (*domain.Certification, error) {
	if c, ok := tx.certs[code]; ok {
		return c, nil
	}
	c, err := loadCertification(tx.ctx, tx, code)
	if err != nil {
		return nil, err
	}
	if tx.certs == nil {
		tx.certs = map[domain.CertCode]*domain.Certification{}
	}
	tx.certs[code] = c
	return c, nil
}

// Certifications lists every certification, by code.
func (db *DB) Certifications(ctx context.Context) ([]*domain.Certification, error) {
	l, err := listCertifications(ctx, db.sql)
	return l, db.wrap(err, "")
}

func listCertifications(ctx context.Context, q querier) ([]*domain.Certification, error) {
	codes, err := certificationCodes(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]*domain.Certification, 0, len(codes))
	for _, c := range codes {
		x, err := loadCertification(ctx, q, domain.CertCode(c))
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

// CertificationCodes lists the known codes (RNCP before RS, by number).
func (db *DB) CertificationCodes(ctx context.Context) ([]string, error) {
	return certificationCodes(ctx, db.sql)
}

func certificationCodes(ctx context.Context, q querier) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT code FROM certification`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	sortCodes(out)
	return out, rows.Err()
}

// sortCodes orders RNCP codes before RS codes, each by number.
func sortCodes(codes []string) {
	key := func(s string) (int, int) {
		c := domain.CertCode(s)
		reg := 0
		if c.Register() == domain.RS {
			reg = 1
		}
		n := 0
		fmt.Sscanf(c.Number(), "%d", &n)
		return reg, n
	}
	sort.Slice(codes, func(i, j int) bool {
		ri, ni := key(codes[i])
		rj, nj := key(codes[j])
		if ri != rj {
			return ri < rj
		}
		return ni < nj
	})
}

func loadCertification(ctx context.Context, q querier, code domain.CertCode) (*domain.Certification, error) {
	c := &domain.Certification{Code: code}
	var end, limit, award string
	var active, minTraining, internMin, internMax, inPerson, perTrainer, partial sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT title, level, end_date, delivery_limit, active, source, source_date,
		min_training_hours, internship_min_hours, internship_max_hours, min_in_person_pct, max_trainees_per_trainer,
		prerequisites, jury_composition, award, registration_type, partial_validation, published_jury_composition,
		published_prerequisites FROM certification WHERE code = ?`, code).
		Scan(&c.Title, &c.Level, &end, &limit, &active, &c.Source, &c.SourceDate,
			&minTraining, &internMin, &internMax, &inPerson, &perTrainer, &c.Params.Prerequisites, &c.Params.JuryComposition, &award,
			&c.RegistrationType, &partial, &c.Published.JuryComposition, &c.Published.Prerequisites)
	if errors.Is(err, sql.ErrNoRows) {
		known, _ := certificationCodes(ctx, q)
		return nil, certNotFound(code, known)
	}
	if err != nil {
		return nil, err
	}
	c.EndDate, _ = domain.ParseOptionalDate(end)
	c.DeliveryLimit, _ = domain.ParseOptionalDate(limit)
	if active.Valid {
		b := active.Int64 == 1
		c.Active = &b
	}
	c.Params.MinTrainingHours, c.Params.InternshipMinHours, c.Params.InternshipMaxHours = nullInt(minTraining), nullInt(internMin), nullInt(internMax)
	c.Params.MinInPersonPct, c.Params.MaxTraineesPerTrainer = nullInt(inPerson), nullInt(perTrainer)
	c.Params.Award = domain.Award(award)
	if partial.Valid {
		b := partial.Int64 == 1
		c.PartialValidation = &b
	}
	rows, err := q.QueryContext(ctx, `SELECT code, label, evaluation, published_evaluation FROM certification_bloc WHERE certification = ? ORDER BY position, code`, code)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var b domain.Bloc
		if err := rows.Scan(&b.Code, &b.Label, &b.Evaluation, &b.PublishedEvaluation); err != nil {
			rows.Close()
			return nil, err
		}
		c.Blocs = append(c.Blocs, b)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT access FROM certification_access WHERE certification = ?`, code)
	if err != nil {
		return nil, err
	}
	set := map[domain.Access]bool{}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			rows.Close()
			return nil, err
		}
		set[domain.Access(a)] = true
	}
	rows.Close()
	c.Access = domain.SortAccess(set)
	rows, err = q.QueryContext(ctx, `SELECT year, certified, certified_vae, insertion_6m, target_job_24m FROM certification_stat WHERE certification = ? ORDER BY year`, code)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var s domain.PromotionStat
		var a, b, cc, d sql.NullInt64
		if err := rows.Scan(&s.Year, &a, &b, &cc, &d); err != nil {
			rows.Close()
			return nil, err
		}
		s.Certified, s.CertifiedVAE, s.Insertion6m, s.TargetJob24m = nullInt(a), nullInt(b), nullInt(cc), nullInt(d)
		c.Stats = append(c.Stats, s)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT siret, name, habilitation, status, active_since, status_change FROM certification_published_partner WHERE certification = ? ORDER BY siret, habilitation`, code)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var p domain.PublishedPartner
		var since, change string
		if err := rows.Scan(&p.SIRET, &p.Name, &p.Habilitation, &p.Status, &since, &change); err != nil {
			rows.Close()
			return nil, err
		}
		p.ActiveSince, _ = domain.ParseOptionalDate(since)
		p.StatusChange, _ = domain.ParseOptionalDate(change)
		c.Partners = append(c.Partners, p)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT siret, name FROM certification_certifier WHERE certification = ? ORDER BY position`, code)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var x domain.FicheCertifier
		if err := rows.Scan(&x.SIRET, &x.Name); err != nil {
			rows.Close()
			return nil, err
		}
		c.Certifiers = append(c.Certifiers, x)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT successor FROM certification_successor WHERE certification = ? ORDER BY successor`, code)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var x string
		if err := rows.Scan(&x); err != nil {
			rows.Close()
			return nil, err
		}
		c.Successors = append(c.Successors, domain.CertCode(x))
	}
	rows.Close()
	return c, nil
}

func boolOrNull(p *bool) any {
	if p == nil {
		return nil
	}
	if *p {
		return 1
	}
	return 0
}

func nullInt(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

func intOrNull(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// CertificationChange says what SaveCertification did (see domain).
type CertificationChange = domain.CertificationChange

// SaveCertification creates the certification or replaces its data (blocs,
// routes, statistics, published partners) and journals the change. Saving
// identical data writes nothing.
func (tx *Tx) SaveCertification(c *domain.Certification) (CertificationChange, error) {
	delete(tx.certs, c.Code)
	old, err := loadCertification(tx.ctx, tx, c.Code)
	var nf *domain.Error
	exists := true
	if errors.As(err, &nf) && nf.Kind == domain.KindNotFound {
		exists = false
	} else if err != nil {
		return CertificationChange{}, err
	}
	var ch CertificationChange
	if exists {
		ch.Changes = diffCertification(old, c)
		if len(ch.Changes) == 0 {
			return ch, nil
		}
	} else {
		ch.Created = true
	}
	now := tx.Now().UTC().Format(time.RFC3339)
	var active any
	if c.Active != nil {
		active = 0
		if *c.Active {
			active = 1
		}
	}
	if c.Source == "" {
		c.Source = "manual"
	}
	_, err = tx.ExecContext(tx.ctx, `INSERT INTO certification(code, title, level, end_date, delivery_limit, active, source, source_date,
		registration_type, partial_validation, published_jury_composition, published_prerequisites, jury_composition, prerequisites,
		created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(code) DO UPDATE SET title=excluded.title, level=excluded.level, end_date=excluded.end_date,
		delivery_limit=excluded.delivery_limit, active=excluded.active, source=excluded.source, source_date=excluded.source_date,
		registration_type=excluded.registration_type, partial_validation=excluded.partial_validation,
		published_jury_composition=excluded.published_jury_composition, published_prerequisites=excluded.published_prerequisites,
		jury_composition=excluded.jury_composition, prerequisites=excluded.prerequisites,
		updated_at=excluded.updated_at`,
		c.Code, c.Title, c.Level, c.EndDate.String(), c.DeliveryLimit.String(), active, c.Source, c.SourceDate,
		c.RegistrationType, boolOrNull(c.PartialValidation), c.Published.JuryComposition, c.Published.Prerequisites,
		c.Params.JuryComposition, c.Params.Prerequisites, now, now)
	if err != nil {
		return ch, err
	}
	for _, t := range []string{"certification_bloc", "certification_access", "certification_stat", "certification_published_partner",
		"certification_certifier", "certification_successor"} {
		if _, err := tx.ExecContext(tx.ctx, `DELETE FROM `+t+` WHERE certification = ?`, c.Code); err != nil {
			return ch, err
		}
	}
	for i, b := range c.Blocs {
		// The caller merged the evaluation recorded before with the
		// published one (domain.AdoptPublished): c holds what to keep.
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO certification_bloc(certification, code, label, position, evaluation, published_evaluation) VALUES (?,?,?,?,?,?)`,
			c.Code, b.Code, b.Label, i, b.Evaluation, b.PublishedEvaluation); err != nil {
			return ch, fmt.Errorf("bloc %s: %w", b.Code, err)
		}
	}
	for i, x := range c.Certifiers {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO certification_certifier(certification, position, siret, name) VALUES (?,?,?,?)`, c.Code, i, x.SIRET, x.Name); err != nil {
			return ch, err
		}
	}
	for _, x := range c.Successors {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO certification_successor(certification, successor) VALUES (?,?) ON CONFLICT DO NOTHING`, c.Code, string(x)); err != nil {
			return ch, err
		}
	}
	for _, a := range c.Access {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO certification_access(certification, access) VALUES (?,?)`, c.Code, string(a)); err != nil {
			return ch, err
		}
	}
	for _, s := range c.Stats {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO certification_stat(certification, year, certified, certified_vae, insertion_6m, target_job_24m) VALUES (?,?,?,?,?,?)`,
			c.Code, s.Year, intOrNull(s.Certified), intOrNull(s.CertifiedVAE), intOrNull(s.Insertion6m), intOrNull(s.TargetJob24m)); err != nil {
			return ch, fmt.Errorf("statistics %d: %w", s.Year, err)
		}
	}
	for _, p := range c.Partners {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO certification_published_partner(certification, siret, name, habilitation, status, active_since, status_change)
			VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING`, c.Code, p.SIRET, p.Name, p.Habilitation, p.Status, p.ActiveSince.String(), p.StatusChange.String()); err != nil {
			return ch, err
		}
	}
	var before any
	action := "create"
	if exists {
		before = toCertificationRow(old)
		action = "update"
	}
	return ch, tx.Journal(action, "certification", string(c.Code), before, toCertificationRow(c))
}

// SaveCertificationParams writes what the certifier sets on a certification
// (c.Params and each bloc's evaluation modalities) and journals the change
// under "edit". The certification must exist; an import never changes the
// parameters (it only fills bloc evaluations it brings).
func (tx *Tx) SaveCertificationParams(c *domain.Certification) error {
	delete(tx.certs, c.Code)
	old, err := loadCertification(tx.ctx, tx, c.Code)
	if err != nil {
		return err
	}
	p := c.Params
	award := p.Award
	if award == "" {
		award = domain.AwardJury
	}
	now := tx.Now().UTC().Format(time.RFC3339)
	if _, err := tx.ExecContext(tx.ctx, `UPDATE certification SET min_training_hours=?, internship_min_hours=?, internship_max_hours=?,
		min_in_person_pct=?, max_trainees_per_trainer=?, prerequisites=?, jury_composition=?, award=?, updated_at=? WHERE code=?`,
		intOrNull(p.MinTrainingHours), intOrNull(p.InternshipMinHours), intOrNull(p.InternshipMaxHours), intOrNull(p.MinInPersonPct),
		intOrNull(p.MaxTraineesPerTrainer), p.Prerequisites, p.JuryComposition, string(award), now, c.Code); err != nil {
		return err
	}
	for _, b := range c.Blocs {
		if _, err := tx.ExecContext(tx.ctx, `UPDATE certification_bloc SET evaluation=? WHERE certification=? AND code=?`, b.Evaluation, c.Code, b.Code); err != nil {
			return err
		}
	}
	return tx.Journal("edit", "certification", string(c.Code), toCertificationParamsRow(old), toCertificationParamsRow(c))
}

// certificationParamsRow is the journaled form of a certification's parameters.
type certificationParamsRow struct {
	Code                  string            `json:"code"`
	MinTrainingHours      *int              `json:"min_training_hours"`
	InternshipMinHours    *int              `json:"internship_min_hours"`
	InternshipMaxHours    *int              `json:"internship_max_hours"`
	MinInPersonPct        *int              `json:"min_in_person_pct"`
	MaxTraineesPerTrainer *int              `json:"max_trainees_per_trainer"`
	Prerequisites         string            `json:"prerequisites,omitempty"`
	JuryComposition       string            `json:"jury_composition,omitempty"`
	Award                 string            `json:"award"`
	BlocEvaluation        map[string]string `json:"bloc_evaluation,omitempty"`
}

func toCertificationParamsRow(c *domain.Certification) certificationParamsRow {
	p := c.Params
	award := string(p.Award)
	if award == "" {
		award = string(domain.AwardJury)
	}
	r := certificationParamsRow{Code: string(c.Code), MinTrainingHours: p.MinTrainingHours, InternshipMinHours: p.InternshipMinHours,
		InternshipMaxHours: p.InternshipMaxHours, MinInPersonPct: p.MinInPersonPct, MaxTraineesPerTrainer: p.MaxTraineesPerTrainer,
		Prerequisites: p.Prerequisites, JuryComposition: p.JuryComposition, Award: award}
	for _, b := range c.Blocs {
		if b.Evaluation != "" {
			if r.BlocEvaluation == nil {
				r.BlocEvaluation = map[string]string{}
			}
			r.BlocEvaluation[b.Code] = b.Evaluation
		}
	}
	return r
}

func diffCertification(a, b *domain.Certification) []string {
	var d []string
	str := func(field, x, y string) {
		if x != y {
			d = append(d, fmt.Sprintf("%s: %q → %q", field, x, y))
		}
	}
	str("title", a.Title, b.Title)
	if a.Level != b.Level {
		d = append(d, fmt.Sprintf("level: %d → %d", a.Level, b.Level))
	}
	str("end date", a.EndDate.String(), b.EndDate.String())
	str("delivery limit", a.DeliveryLimit.String(), b.DeliveryLimit.String())
	boolStr := func(p *bool) string {
		if p == nil {
			return ""
		}
		if *p {
			return "yes"
		}
		return "no"
	}
	str("active", boolStr(a.Active), boolStr(b.Active))
	blocs := func(c *domain.Certification) map[string]string {
		m := map[string]string{}
		for _, x := range c.Blocs {
			m[x.Code] = x.Label
		}
		return m
	}
	ba, bb := blocs(a), blocs(b)
	var keys []string
	for k := range ba {
		keys = append(keys, k)
	}
	for k := range bb {
		if _, ok := ba[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		x, inA := ba[k]
		y, inB := bb[k]
		switch {
		case !inA:
			d = append(d, "bloc added: "+k)
		case !inB:
			d = append(d, "bloc removed: "+k)
		case x != y:
			d = append(d, fmt.Sprintf("bloc %s label: %q → %q", k, x, y))
		}
	}
	str("access routes", domain.AccessCodes(a.Access), domain.AccessCodes(b.Access))
	str("certifiers", certifiersText(a.Certifiers), certifiersText(b.Certifiers))
	str("registration type", a.RegistrationType, b.RegistrationType)
	str("successors", codesText(a.Successors), codesText(b.Successors))
	str("partial validation", boolStr(a.PartialValidation), boolStr(b.PartialValidation))
	long := func(field, x, y string) {
		if x != y {
			d = append(d, field+" changed")
		}
	}
	long("published jury composition", a.Published.JuryComposition, b.Published.JuryComposition)
	long("published prerequisites", a.Published.Prerequisites, b.Published.Prerequisites)
	long("jury composition", a.Params.JuryComposition, b.Params.JuryComposition)
	long("prerequisites", a.Params.Prerequisites, b.Params.Prerequisites)
	evals := func(c *domain.Certification) map[string][2]string {
		m := map[string][2]string{}
		for _, x := range c.Blocs {
			m[x.Code] = [2]string{x.Evaluation, x.PublishedEvaluation}
		}
		return m
	}
	ea, eb := evals(a), evals(b)
	for _, k := range keys {
		x, inA := ea[k]
		y, inB := eb[k]
		if inA && inB { // an added or removed bloc is listed above
			long("bloc "+k+" published evaluation", x[1], y[1])
			long("bloc "+k+" evaluation", x[0], y[0])
		}
	}
	if !sameStats(a.Stats, b.Stats) {
		d = append(d, fmt.Sprintf("published statistics: %d → %d years", len(a.Stats), len(b.Stats)))
	}
	if !samePartners(a.Partners, b.Partners) {
		d = append(d, fmt.Sprintf("published partners: %d → %d", len(a.Partners), len(b.Partners)))
	}
	return d
}

func certifiersText(l []domain.FicheCertifier) string {
	s := make([]string, len(l))
	for i, x := range l {
		s[i] = strings.TrimSpace(x.Name + " " + x.SIRET)
	}
	return strings.Join(s, ", ")
}

func codesText(l []domain.CertCode) string {
	s := make([]string, len(l))
	for i, x := range l {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

func sameStats(a, b []domain.PromotionStat) bool {
	if len(a) != len(b) {
		return false
	}
	eq := func(x, y *int) bool { return (x == nil && y == nil) || (x != nil && y != nil && *x == *y) }
	as, bs := append([]domain.PromotionStat(nil), a...), append([]domain.PromotionStat(nil), b...)
	sort.Slice(as, func(i, j int) bool { return as[i].Year < as[j].Year })
	sort.Slice(bs, func(i, j int) bool { return bs[i].Year < bs[j].Year })
	for i := range as {
		x, y := as[i], bs[i]
		if x.Year != y.Year || !eq(x.Certified, y.Certified) || !eq(x.CertifiedVAE, y.CertifiedVAE) || !eq(x.Insertion6m, y.Insertion6m) || !eq(x.TargetJob24m, y.TargetJob24m) {
			return false
		}
	}
	return true
}

func samePartners(a, b []domain.PublishedPartner) bool {
	key := func(l []domain.PublishedPartner) []string {
		out := make([]string, 0, len(l))
		seen := map[string]bool{}
		for _, p := range l {
			k := strings.Join([]string{p.SIRET, p.Habilitation, p.Name, p.Status, p.ActiveSince.String(), p.StatusChange.String()}, "|")
			if !seen[p.SIRET+"|"+p.Habilitation] {
				seen[p.SIRET+"|"+p.Habilitation] = true
				out = append(out, k)
			}
		}
		sort.Strings(out)
		return out
	}
	ka, kb := key(a), key(b)
	if len(ka) != len(kb) {
		return false
	}
	for i := range ka {
		if ka[i] != kb[i] {
			return false
		}
	}
	return true
}
