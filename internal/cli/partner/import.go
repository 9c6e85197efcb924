package partner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/importer"
	"github.com/habil-app/habil/internal/sqlite"
	"github.com/spf13/cobra"

	// The spreadsheet formats register themselves with the importer.
	_ "github.com/habil-app/habil/internal/csvfr"
	_ "github.com/habil-app/habil/internal/xlsx"
)

func init() {
	extraCommands = append(extraCommands,
		func(f *cmdutil.Factory) *cobra.Command { return NewCmdImport(f, nil) },
		func(f *cmdutil.Factory) *cobra.Command { return NewCmdExport(f, nil) },
		func(f *cmdutil.Factory) *cobra.Command { return NewCmdTemplate(f, nil) },
	)
}

// ImportOptions are the flags of 'partner import'.
type ImportOptions struct {
	File   string
	Sheet  string
	DryRun bool
	At     cmdutil.DateFlag
}

// NewCmdImport builds 'partner import'.
func NewCmdImport(f *cmdutil.Factory, runF func(context.Context, *ImportOptions) error) *cobra.Command {
	o := &ImportOptions{}
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import partners and habilitations from a spreadsheet (.xlsx or French Excel .csv)",
		Long: `Import a partner list: one row per partner × certification habilitation. The file may be an
Excel/LibreOffice workbook (.xlsx; first sheet unless --sheet) or a CSV saved by French Excel
(';' or ',' or tab, UTF-8 or Windows-1252, dates dd/mm/yyyy, decimal comma). The header row may
sit below title rows; headers are matched without regard to case, accents or punctuation
(see 'habil partner template' for the columns and their accepted names).

The import is all-or-nothing: every error of every row is listed as FILE:ROW:COLUMN: CODE:
message and nothing is written (exit 3). It is idempotent: importing the same file twice
changes nothing the second time. It is incremental: partners and habilitations absent from
the file are left as they are. A row's habilitation updates the partner's habilitation on the
same certification whose period overlaps it, or adds one. Without a status column, a new
partner is active when a row gives it a habilitation in force at --at, else a prospect; an
existing prospect becomes active on the same condition. Status changes are journaled with the
reason "import FILE".`,
		Example: `  habil partner import partenaires.xlsx --dry-run
  habil partner import partenaires.xlsx
  habil partner import "Liste OF 2026.csv" --at 2026-01-01
  habil partner import reseau.xlsx --sheet "Habilitations"`,
		Args: cmdutil.ExactArgs(1, "the FILE to import (.xlsx or .csv)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.File = args[0]
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return importRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.Sheet, "sheet", "", "sheet of the workbook to read (default: the first)")
	cmd.Flags().BoolVar(&o.DryRun, "dry-run", false, "check the file and print what would change; write nothing")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

// importRow is one valid data row.
type importRow struct {
	row     int
	partner domain.Partner // identity given by the row (empty fields: not given)
	status  domain.PartnerStatus
	hab     *domain.Habilitation
	cols    map[string]string // header text of each key, for messages
}

// partnerRows gathers the rows of one partner in file order.
type partnerRows struct {
	siret  domain.SIRET
	first  int // row of the first occurrence
	merged domain.Partner
	given  map[string]int // field → row that gave it
	status domain.PartnerStatus
	stRow  int
	rows   []*importRow
}

type importSummary struct {
	partners, habs   [3]int // unchanged, created, updated
	statusChanges    []string
	untouched        int
	rows, errorCount int
}

var errDryRun = errors.New("dry run")

func importRun(ctx context.Context, f *cmdutil.Factory, o *ImportOptions) error {
	at := f.At(&o.At)
	ios := f.IOStreams
	src, err := importer.Open(o.File, o.Sheet)
	if err != nil {
		return err
	}
	defer src.Close()
	rd, err := importer.NewReader(src, ImportSchema)
	if err != nil {
		return err
	}
	db, err := f.DB(ctx)
	if err != nil {
		return err
	}
	certs := map[domain.CertCode]*domain.Certification{}
	list, err := db.Certifications(ctx)
	if err != nil {
		return err
	}
	var known []string
	for _, c := range list {
		certs[c.Code] = c
		known = append(known, string(c.Code))
	}

	byPartner := map[domain.SIRET]*partnerRows{}
	var order []*partnerRows
	n := 0
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		n++
		if ios.IsStderrTTY() && n%2000 == 0 {
			fmt.Fprintf(ios.ErrOut, "\rreading %s: %d rows…", filepath.Base(o.File), n)
		}
		r := parseRow(rec, certs, known, at)
		if r == nil {
			continue
		}
		pr := byPartner[r.partner.SIRET]
		if pr == nil {
			pr = &partnerRows{siret: r.partner.SIRET, first: r.row, given: map[string]int{}}
			pr.merged.SIRET = r.partner.SIRET
			byPartner[r.partner.SIRET] = pr
			order = append(order, pr)
		}
		mergeRow(rec, pr, r)
	}
	if ios.IsStderrTTY() && n >= 2000 {
		fmt.Fprintln(ios.ErrOut)
	}
	// Unknown columns are only all known once every row is read.
	for _, w := range rd.Warnings() {
		fmt.Fprintln(ios.ErrOut, "habil: warning: "+w)
	}
	if err := rd.Errors().Report(ios.ErrOut, 50); err != nil {
		return err
	}
	if n == 0 {
		return importer.Rejectf(filepath.Base(o.File), "NO_ROWS", "no data row under the header (row %d)", rd.HeaderRow())
	}

	var sum importSummary
	sum.rows = n
	errs := importer.NewErrorList(filepath.Base(o.File))
	reason := "import " + filepath.Base(o.File)
	err = db.WithTx(ctx, func(tx *sqlite.Tx) error {
		for _, pr := range order {
			applyPartner(tx, pr, at, reason, rd.Column, errs, &sum)
		}
		if errs.Len() > 0 {
			return errs.Err()
		}
		total, err := tx.PartnerCount()
		if err != nil {
			return err
		}
		sum.untouched = total - len(order)
		if o.DryRun {
			return errDryRun
		}
		return nil
	})
	if errs.Len() > 0 {
		return errs.Report(ios.ErrOut, 50)
	}
	if err != nil && !errors.Is(err, errDryRun) {
		return err
	}
	label := ""
	if o.DryRun {
		label = " (dry run, nothing written)"
		fmt.Fprintf(ios.ErrOut, "Dry run: %s is valid (%d rows).\n", filepath.Base(o.File), n)
	}
	for _, s := range sum.statusChanges {
		fmt.Fprintf(ios.ErrOut, "  status %s\n", s)
	}
	fmt.Fprintf(ios.ErrOut, "Partners%s: created %d, updated %d, unchanged %d.\n", label, sum.partners[1], sum.partners[2], sum.partners[0])
	fmt.Fprintf(ios.ErrOut, "Habilitations%s: created %d, updated %d, unchanged %d.\n", label, sum.habs[1], sum.habs[2], sum.habs[0])
	if sum.untouched > 0 {
		fmt.Fprintf(ios.ErrOut, "%d partners of the register are not in the file: left as they are.\n", sum.untouched)
	}
	if !o.DryRun && sum.partners[1]+sum.partners[2]+sum.habs[1]+sum.habs[2] == 0 {
		fmt.Fprintln(ios.ErrOut, "Nothing changed: the register already holds this file's data.")
	}
	return nil
}

// parseRow reads and checks one record; it returns nil when the row has errors
// (they are collected by the reader).
func parseRow(rec *importer.Record, certs map[domain.CertCode]*domain.Certification, known []string, at domain.Date) *importRow {
	r := &importRow{row: rec.Row}
	if s, ok := rec.Identifier("siret"); ok {
		siret, err := domain.ParseSIRET(s)
		if !rec.Fail("siret", err) {
			r.partner.SIRET = siret
		}
	}
	r.partner.Name = rec.Text("name")
	if s, ok := rec.Identifier("nda"); ok && s != "" {
		nda, err := domain.ParseNDA(s)
		if !rec.Fail("nda", err) {
			r.partner.NDA = nda
		}
	}
	if v, ok := rec.Enum("role"); ok && v != "" {
		r.partner.Role = domain.Role(v)
	}
	if s := rec.Text("email"); s != "" {
		e, err := domain.ParseEmail(s)
		if !rec.Fail("email", err) {
			r.partner.Email = e
		}
	}
	r.partner.Phone = rec.Text("phone")
	if s := rec.Text("website"); s != "" {
		u, _, err := domain.NormalizeWebsite(s)
		if !rec.Fail("website", err) {
			r.partner.Website = u
		}
	}
	r.partner.Address = rec.Text("address")
	r.partner.Representative = rec.Text("representative")
	if d, ok := rec.Date("qualiopi_until"); ok {
		r.partner.Qualiopi.ValidUntil = d
	}
	if s, ok := rec.Identifier("uai"); ok && s != "" {
		u, err := domain.ParseUAI(s)
		if !rec.Fail("uai", err) {
			r.partner.UAI = u
		}
	}
	if v, ok := rec.Enum("status"); ok && v != "" {
		r.status = domain.PartnerStatus(v)
	}
	if code := rec.Text("certification"); code != "" {
		r.hab = parseHabilitation(rec, code, certs, known)
	} else {
		for _, k := range []string{"scope", "blocs", "access", "from", "to"} {
			if rec.Has(k) {
				rec.Errorf("certification", "CERTIFICATION_MISSING", "the row gives a habilitation (%s) but no certification code", rec.Column(k))
				break
			}
		}
	}
	if !rec.OK() {
		return nil
	}
	if r.hab != nil {
		r.hab.PartnerSIRET = r.partner.SIRET
	}
	return r
}

func parseHabilitation(rec *importer.Record, code string, certs map[domain.CertCode]*domain.Certification, known []string) *domain.Habilitation {
	cc, err := domain.ParseCertCode(code)
	if rec.Fail("certification", err) {
		return nil
	}
	c := certs[cc]
	if c == nil {
		hint := "record it first with 'habil certification import' or 'habil certification add'"
		if len(known) > 0 {
			hint = "known certifications: " + strings.Join(known, ", ")
		}
		rec.Errorf("certification", "CERTIFICATION_UNKNOWN", "%s is not in the database (%s)", cc, hint)
		return nil
	}
	h := &domain.Habilitation{Certification: cc}
	if v, ok := rec.Enum("scope"); ok && v != "" {
		h.Scope = domain.Scope(v)
	} else if rec.Valid("scope") {
		rec.Errorf("scope", "SCOPE_MISSING", "a habilitation needs its kind: former, évaluer or former et évaluer")
	}
	if s := rec.Text("blocs"); s != "" {
		h.Blocs = strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '/' })
	}
	if s := rec.Text("access"); s != "" {
		a, err := domain.ParseAccessList(s)
		if rec.Fail("access", err) {
			return nil
		}
		h.Access = a
	}
	if d, ok := rec.Date("from"); ok && !d.IsZero() {
		h.From = d
	} else if rec.Valid("from") {
		rec.Errorf("from", "FROM_MISSING", "a habilitation needs its start date")
	}
	if d, ok := rec.Date("to"); ok {
		h.To = d
	}
	if !rec.OK() {
		return nil
	}
	if err := sqlite.NormaliseHabilitation(h, c); rec.Fail("blocs", err) {
		return nil
	}
	if err := domain.ValidateHabilitation(*h, c); err != nil {
		col := "certification"
		switch e := (*domain.Error)(nil); {
		case errors.As(err, &e) && strings.HasPrefix(e.Code, "BLOC"):
			col = "blocs"
		case errors.As(err, &e) && strings.HasPrefix(e.Code, "ACCESS"):
			col = "access"
		case errors.As(err, &e) && (e.Code == "DATES_ORDER" || e.Code == "BEYOND_REGISTRATION"):
			col = "to"
		}
		rec.Fail(col, err)
		return nil
	}
	return h
}

// mergeRow adds a valid row to its partner, reporting conflicting values
// between rows of the same partner.
func mergeRow(rec *importer.Record, pr *partnerRows, r *importRow) {
	m := &pr.merged
	set := func(key string, dst *string, v string) {
		if v == "" {
			return
		}
		if *dst != "" && *dst != v {
			rec.Errorf(key, "DUPLICATE_CONFLICT", "%q conflicts with %q given for the same SIRET %s on row %d",
				v, *dst, pr.siret.Formatted(), pr.given[key])
			return
		}
		if *dst == "" {
			*dst = v
			pr.given[key] = r.row
		}
	}
	set("name", &m.Name, r.partner.Name)
	nda := string(m.NDA)
	set("nda", &nda, string(r.partner.NDA))
	m.NDA = domain.NDA(nda)
	role := string(m.Role)
	set("role", &role, string(r.partner.Role))
	m.Role = domain.Role(role)
	set("email", &m.Email, r.partner.Email)
	set("phone", &m.Phone, r.partner.Phone)
	set("website", &m.Website, r.partner.Website)
	set("address", &m.Address, r.partner.Address)
	set("representative", &m.Representative, r.partner.Representative)
	set("uai", &m.UAI, r.partner.UAI)
	q := m.Qualiopi.ValidUntil.String()
	set("qualiopi_until", &q, r.partner.Qualiopi.ValidUntil.String())
	m.Qualiopi.ValidUntil, _ = domain.ParseOptionalDate(q)
	st := string(pr.status)
	set("status", &st, string(r.status))
	if pr.status == "" && r.status != "" {
		pr.stRow = r.row
	}
	pr.status = domain.PartnerStatus(st)
	if r.hab != nil {
		for _, o := range pr.rows {
			if o.hab != nil && o.hab.Certification == r.hab.Certification && o.hab.Overlaps(*r.hab) {
				rec.Errorf("from", "DUPLICATE_HABILITATION", "the habilitation on %s (%s) overlaps the one of row %d (%s) for the same SIRET %s",
					r.hab.Certification, r.hab.Period(), o.row, o.hab.Period(), pr.siret.Formatted())
				return
			}
		}
	}
	if rec.OK() {
		pr.rows = append(pr.rows, r)
	}
}

// applyPartner writes one partner and its habilitations inside the import
// transaction; rule violations become row errors.
func applyPartner(tx *sqlite.Tx, pr *partnerRows, at domain.Date, reason string, col func(string) string, errs *importer.ErrorList, sum *importSummary) {
	fail := func(row int, col string, err error) {
		var de *domain.Error
		code := "REFUSED"
		if errors.As(err, &de) && de.Code != "" {
			code = de.Code
		}
		msg := err.Error()
		if h := domain.HintOf(err); h != "" {
			msg += " (" + h + ")"
		}
		errs.Add(importer.RowError{Row: row, Column: col, Code: code, Msg: msg})
	}
	inForce := false
	for _, r := range pr.rows {
		if r.hab != nil && r.hab.InForce(at) {
			inForce = true
		}
	}
	old, err := tx.Partner(pr.siret)
	exists := err == nil
	if err != nil && domain.KindOf(err) != domain.KindNotFound {
		fail(pr.first, col("siret"), err)
		return
	}
	p := pr.merged
	desired := pr.status
	if !exists {
		p.Status = domain.StatusProspect
		if desired == domain.StatusActive || (desired == "" && inForce) {
			p.Status = domain.StatusActive
		}
	} else {
		p.Status = ""
		if desired == "" && inForce && old.Status == domain.StatusProspect {
			desired = domain.StatusActive
		}
	}
	ch, err := tx.UpsertPartner(p, at, reason)
	if err != nil {
		fail(pr.first, col("siret"), err)
		return
	}
	kind := ch.Kind
	if !exists && p.Status == domain.StatusActive {
		sum.statusChanges = append(sum.statusChanges, fmt.Sprintf("%s %s: active (new)", pr.siret.Formatted(), p.Name))
	}
	for _, r := range pr.rows {
		if r.hab == nil {
			continue
		}
		h := *r.hab
		hk, err := tx.UpsertHabilitation(&h)
		if err != nil {
			fail(r.row, col("certification"), err)
			continue
		}
		sum.habs[hk]++
	}
	// Habilitations do not change the status: it is the one just written.
	cur := p
	if exists {
		cur = *old
	}
	if desired != "" && desired != cur.Status {
		row := pr.stRow
		if row == 0 {
			row = pr.first
		}
		if _, err := tx.SetStatus(pr.siret, desired, at, reason); err != nil {
			fail(row, col("status"), err)
			return
		}
		sum.statusChanges = append(sum.statusChanges, fmt.Sprintf("%s %s: %s → %s", pr.siret.Formatted(), cur.Name, cur.Status, desired))
		if kind == sqlite.ChangeUnchanged {
			kind = sqlite.ChangeUpdated
		}
	}
	sum.partners[kind]++
}
