package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/habil-app/habil/internal/atomicfile"
	"github.com/habil-app/habil/internal/domain"
)

// CPF accrochage: the holders' declaration to the Caisse des Dépôts. The
// use cases select the holders to send, write the XML through the codec the
// CLI gives (internal/cpf), record what was sent, read the CDC's processing
// report and close the passages that can never clear.

// AccrochageCodec is the CDC file format, given by the CLI.
type AccrochageCodec struct {
	// Write writes one flux file.
	Write func(w io.Writer, f domain.CDCFlux) error
	// Check returns, by idTechnique, what the schema would refuse in the
	// flux (the Go-side validation; same codes as the pre-flight).
	Check func(f domain.CDCFlux) map[string][]domain.AccrochageProblem
	// Validate validates a written file against the XSD (xmllint), when
	// available; nil: not run.
	Validate func(path string) error
	// ParseAck reads a processing report.
	ParseAck func(r io.Reader) (*AccrochageAck, error)
}

// AccrochageAck is a processing report as the codec reads it.
type AccrochageAck struct {
	IDFlux       string
	IDTraitement string
	Answers      []domain.AccrochageAnswer
}

// AccrochageRequest are the inputs of 'report accrochage'.
type AccrochageRequest struct {
	Out           string
	Certification domain.CertCode
	MaxPassages   int  // 0: one file
	ResendPending bool // also send the passages sent and not yet answered
	// Preview writes what would be sent and marks nothing (report all);
	// its idFlux is derived from At.
	Preview bool
	// At is the day of the send (and of the preview).
	At domain.Date
	// IDFlux returns a fresh file identifier (nil: a random UUID).
	IDFlux func() string
}

// AccrochageHolder is one holder as accrochage sees it.
type AccrochageHolder struct {
	CertificateNumber string
	Certification     domain.CertCode
	Holder            string
	IDTechnique       string
	DeliveredOn       domain.Date
	Passage           domain.AccrochagePassage // Status "" never sent
	Problems          []domain.AccrochageProblem
}

// AccrochageFile is one file written.
type AccrochageFile struct {
	Path     string
	IDFlux   string
	SHA256   string
	Size     int64
	Passages int
}

// AccrochageResult tells what 'report accrochage' did.
type AccrochageResult struct {
	Files []AccrochageFile
	// AutoSplit: one file would have passed the CDC's 200 MB, so the
	// passages were split into numbered files.
	AutoSplit  bool
	Sent       []AccrochageHolder // the passages written
	Unsendable []AccrochageHolder // left out, with their problems
	Pending    int                // sent, unanswered, not sent again (no --resend-pending)
}

// AccrochageIDTechnique is the stable idTechnique of a certificate's
// passage: a UUID derived from the certifier and the certificate number,
// so that a preview and every send carry the same one (the first send
// stores it).
func AccrochageIDTechnique(certifier domain.SIRET, number string) string {
	return uuidFrom("habil accrochage " + string(certifier) + " " + number)
}

func uuidFrom(seed string) string {
	s := sha256.Sum256([]byte(seed))
	return formatUUID(s[:16])
}

func formatUUID(b []byte) string {
	u := make([]byte, 16)
	copy(u, b)
	u[6] = u[6]&0x0f | 0x40 // version 4 layout (random-looking)
	u[8] = u[8]&0x3f | 0x80
	h := hex.EncodeToString(u)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func randomUUID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic("habil: no system randomness: " + err.Error())
	}
	return formatUUID(b)
}

// errNoCDCIDs is returned when the certifier has no CDC identifiers.
func errNoCDCIDs() error {
	return domain.Conflict(domain.AccrochageNoCDCIDs, "the certifier has no Caisse des Dépôts identifiers (idClient, idContrat): the accrochage file cannot be written").
		WithHint("record them with: habil init --cdc-client XXXXXXXX --cdc-contract MCFCER000123 (your BCR and contract number from the CDC)")
}

// AccrochageHolders lists every holder of a delivered certificate (one
// certification, or all) with its passage state and what prevents sending it.
func (a *App) AccrochageHolders(ctx context.Context, cert domain.CertCode) ([]AccrochageHolder, error) {
	var out []AccrochageHolder
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		_, rows, err := readAccrochageHolders(r, cert)
		for _, row := range rows {
			h := row.AccrochageHolder
			var pass domain.CDCPassage
			pass, h.Problems = domain.BuildCDCPassage(row.rec, *row.cert, h.IDTechnique)
			h.Holder = pass.Holder
			out = append(out, h)
		}
		return err
	})
	return out, err
}

// accrochageRow is a holder with what its CDC data is built from.
type accrochageRow struct {
	AccrochageHolder
	rec  domain.EnrollmentRecord
	cert *domain.Certification
}

// readAccrochageHolders lists the holders of delivered certificates (one
// certification, or all) with their passage, sorted by certificate
// number, and the certifier. Only their state is read: the callers build
// the CDC data of those they need (the pre-flight of every holder, the
// file of those to send), the compliance check and the dashboard none.
func readAccrochageHolders(r domain.Reader, code domain.CertCode) (domain.Certifier, []accrochageRow, error) {
	me, err := r.Certifier()
	if err != nil {
		return me, nil, err
	}
	recs, err := r.Enrollments(domain.EnrollmentFilter{Holders: true, Certification: code})
	if err != nil {
		return me, nil, err
	}
	stored, err := r.AccrochagePassages()
	if err != nil {
		return me, nil, err
	}
	byNumber := map[string]domain.AccrochagePassage{}
	for _, p := range stored {
		byNumber[p.CertificateNumber] = p
	}
	certs := map[domain.CertCode]*domain.Certification{}
	var out []accrochageRow
	for _, rec := range recs {
		crt := rec.Enrollment.Certificate()
		if crt == nil {
			continue
		}
		c, ok := certs[rec.Session.Certification]
		if !ok {
			if c, err = r.Certification(rec.Session.Certification); err != nil {
				return me, nil, err
			}
			certs[rec.Session.Certification] = c
		}
		h := AccrochageHolder{CertificateNumber: crt.Number, Certification: c.Code, DeliveredOn: crt.IssuedOn,
			IDTechnique: AccrochageIDTechnique(me.SIRET, crt.Number), Holder: rec.Candidate.FullName()}
		if p, ok := byNumber[crt.Number]; ok {
			h.Passage, h.IDTechnique = p, p.IDTechnique
		}
		out = append(out, accrochageRow{AccrochageHolder: h, rec: rec, cert: c})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CertificateNumber < out[j].CertificateNumber })
	return me, out, nil
}

// AccrochageCheck is the pre-flight: every holder still to send that
// cannot be sent, and why (writes nothing).
func (a *App) AccrochageCheck(ctx context.Context, code domain.CertCode, codec AccrochageCodec) ([]AccrochageHolder, error) {
	var out []AccrochageHolder
	err := a.Store.Read(ctx, func(r domain.Reader) error {
		plan, err := planAccrochage(r, AccrochageRequest{Certification: code, ResendPending: true, At: a.Today()}, codec, false)
		if err != nil {
			return err
		}
		out = plan.unsendable
		return nil
	})
	return out, err
}

type accrochagePlan struct {
	flux       domain.CDCFlux
	sent       []AccrochageHolder
	unsendable []AccrochageHolder
	pending    int
}

func planAccrochage(r domain.Reader, req AccrochageRequest, codec AccrochageCodec, needIDs bool) (*accrochagePlan, error) {
	// The states of every holder; the CDC data only of those to send
	// (41,000 holders at scale 50, most of them long accepted).
	me, rows, err := readAccrochageHolders(r, req.Certification)
	if err != nil {
		return nil, err
	}
	if needIDs && (me.CDCClientID == "" || me.CDCContract == "") {
		return nil, errNoCDCIDs()
	}
	plan := &accrochagePlan{flux: domain.CDCFlux{SenderClientID: me.CDCClientID, ClientID: me.CDCClientID, Contract: me.CDCContract}}
	var cands []AccrochageHolder
	var passages []domain.CDCPassage
	for _, row := range rows {
		h := row.AccrochageHolder
		switch h.Passage.Status {
		case domain.AccrochageOK, domain.AccrochageClosed:
			continue
		case domain.AccrochagePending:
			if !req.ResendPending {
				plan.pending++
				continue
			}
		}
		p, problems := domain.BuildCDCPassage(row.rec, *row.cert, h.IDTechnique)
		h.Holder, h.Problems = p.Holder, problems
		if len(problems) > 0 {
			plan.unsendable = append(plan.unsendable, h)
			continue
		}
		cands = append(cands, h)
		passages = append(passages, p)
	}
	// The schema's own rules, checked in Go: a passage it would refuse is
	// left out like the others.
	if codec.Check != nil && len(passages) > 0 {
		f := plan.flux
		f.IDFlux, f.At, f.Passages = "check", req.At.Time(), passages
		faults := codec.Check(f)
		var keep []domain.CDCPassage
		for i, p := range passages {
			if probs := faults[p.IDTechnique]; len(probs) > 0 {
				h := cands[i]
				h.Problems = probs
				plan.unsendable = append(plan.unsendable, h)
				continue
			}
			keep = append(keep, p)
			plan.sent = append(plan.sent, cands[i])
		}
		if msgs := faults[""]; len(msgs) > 0 && needIDs {
			return nil, domain.Conflict(msgs[0].Code, "the certifier's CDC identifiers are refused by the schema: %s", msgs[0].Msg).
				WithHint("correct them with: habil init --cdc-client XXXXXXXX --cdc-contract MCFCER000123")
		}
		passages = keep
	} else {
		plan.sent = cands
	}
	plan.flux.Passages = passages
	return plan, nil
}

// WriteAccrochage writes the holders' file(s) and, unless req.Preview,
// records them as sent (every file and passage in one transaction). With
// nothing to send it writes nothing and returns a result without files.
func (a *App) WriteAccrochage(ctx context.Context, req AccrochageRequest, codec AccrochageCodec) (*AccrochageResult, error) {
	req.At = a.orToday(req.At)
	var plan *accrochagePlan
	if err := a.Store.Read(ctx, func(r domain.Reader) error {
		var err error
		plan, err = planAccrochage(r, req, codec, true)
		return err
	}); err != nil {
		return nil, err
	}
	res := &AccrochageResult{Unsendable: plan.unsendable, Pending: plan.pending}
	if len(plan.flux.Passages) == 0 {
		return res, nil
	}
	var err error
	res.Sent = plan.sent
	perFile := req.MaxPassages
	if perFile <= 0 {
		// The CDC takes files of at most 200 MB: split as --max-passages
		// does when one file would be larger.
		if perFile, err = passagesPerFile(plan.flux, codec, AccrochageFileLimit); err != nil {
			return nil, err
		}
		res.AutoSplit = perFile > 0
	}
	chunks := [][]domain.CDCPassage{plan.flux.Passages}
	if perFile > 0 && (len(plan.flux.Passages) > perFile || req.MaxPassages > 0) {
		chunks = nil
		ps := append([]domain.CDCPassage(nil), plan.flux.Passages...)
		domain.SortCDCPassages(ps)
		for len(ps) > 0 {
			n := min(perFile, len(ps))
			chunks = append(chunks, ps[:n])
			ps = ps[n:]
		}
	}
	newID := req.IDFlux
	if newID == nil {
		newID = randomUUID
	}
	at := a.Clock()
	var records []*domain.AccrochageFlux
	cleanup := func() {
		for _, f := range res.Files {
			os.Remove(f.Path)
		}
	}
	for i, ps := range chunks {
		path := req.Out
		if req.MaxPassages > 0 || len(chunks) > 1 { // the contract: --out a.xml becomes a-1.xml, a-2.xml…
			ext := filepath.Ext(req.Out)
			path = fmt.Sprintf("%s-%d%s", strings.TrimSuffix(req.Out, ext), i+1, ext)
		}
		f := plan.flux
		f.Passages = ps
		f.At = at
		if req.Preview {
			f.IDFlux = uuidFrom(fmt.Sprintf("habil accrochage preview %s %d", req.At, i+1))
			f.At = req.At.Time()
		} else {
			f.IDFlux = newID()
		}
		sum, size, err := writeSummed(path, ModePersonal, func(w io.Writer) error { return codec.Write(w, f) })
		if err != nil {
			cleanup()
			return nil, err
		}
		file := AccrochageFile{Path: path, IDFlux: f.IDFlux, SHA256: sum, Size: size, Passages: len(ps)}
		res.Files = append(res.Files, file)
		if codec.Validate != nil {
			if err := codec.Validate(path); err != nil {
				cleanup()
				return nil, domain.Errorf(domain.KindInternal, "ACCROCHAGE_XSD", "the accrochage file fails the CDC schema: %v; nothing was recorded", err).
					WithHint("this is a bug in habil, or the XSD named by accrochage.xsd is newer than habil knows: report it with 'habil version'")
			}
		}
		rec := &domain.AccrochageFlux{IDFlux: f.IDFlux, SentOn: req.At, File: path, SHA256: file.SHA256, Size: file.Size}
		for _, p := range ps {
			rec.Passages = append(rec.Passages, domain.AccrochageSent{IDTechnique: p.IDTechnique, CertificateNumber: p.CertificateNumber})
		}
		records = append(records, rec)
	}
	if req.Preview {
		return res, nil
	}
	err = a.Store.Update(ctx, func(tx domain.Tx) error {
		for _, rec := range records {
			if err := tx.RecordAccrochageFlux(rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		cleanup()
		return nil, err
	}
	return res, nil
}

// AccrochageAckResult tells what a processing report changed.
type AccrochageAckResult struct {
	IDFlux string
	OK, KO int
	KOs    []domain.AccrochageAnswer
}

// RecordAccrochageAck reads the CDC processing report at path and records
// each answer. A file that is not a processing report, an unknown idFlux or
// an idTechnique the file did not carry is rejected (exit 3), nothing
// recorded.
// on is the day the report is recorded (zero: today).
func (a *App) RecordAccrochageAck(ctx context.Context, path string, on domain.Date, codec AccrochageCodec) (*AccrochageAckResult, error) {
	on = a.orToday(on)
	name := filepath.Base(path)
	fh, err := os.Open(path)
	if err != nil {
		return nil, domain.Errorf(domain.KindNotFound, "FILE_NOT_FOUND", "cannot read %s: %v", path, atomicfile.Reason(err))
	}
	defer fh.Close()
	ack, err := codec.ParseAck(fh)
	if err != nil {
		return nil, domain.Errorf(domain.KindRejected, "ACCROCHAGE_ACK_INVALID", "%s: %v", name, err).
			WithHint("give the processing report (accusé de traitement) downloaded from the CDC portal; nothing was recorded")
	}
	res := &AccrochageAckResult{IDFlux: ack.IDFlux}
	err = a.Store.Update(ctx, func(tx domain.Tx) error {
		flux, err := tx.AccrochageFlux(ack.IDFlux)
		if domain.KindOf(err) == domain.KindNotFound {
			return domain.Errorf(domain.KindRejected, "ACCROCHAGE_ACK_UNKNOWN_FLUX", "%s: idFlux %s is not a file habil generated", name, ack.IDFlux).
				WithHint("check that the report answers a file written by 'habil report accrochage' on this database; nothing was recorded")
		}
		if err != nil {
			return err
		}
		carried := map[string]bool{}
		for _, p := range flux.Passages {
			carried[p.IDTechnique] = true
		}
		for _, an := range ack.Answers {
			if !carried[an.IDTechnique] {
				return domain.Errorf(domain.KindRejected, "ACCROCHAGE_ACK_UNKNOWN_PASSAGE", "%s: idTechnique %s was not in file %s", name, an.IDTechnique, ack.IDFlux).
					WithHint("the report does not match the file habil recorded; nothing was recorded")
			}
			if an.OK {
				res.OK++
			} else {
				res.KO++
				res.KOs = append(res.KOs, an)
			}
		}
		return tx.RecordAccrochageAck(ack.IDFlux, ack.IDTraitement, on, ack.Answers)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// CloseAccrochage closes a rejected passage that can never clear (ref: its
// idTechnique or certificate number): never sent again, out of check.
func (a *App) CloseAccrochage(ctx context.Context, ref, reason string) (domain.AccrochagePassage, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return domain.AccrochagePassage{}, domain.Invalid("ACCROCHAGE_CLOSE_REASON", "--reason is required with --close: say why the passage can never be accepted")
	}
	var out domain.AccrochagePassage
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		list, err := tx.AccrochagePassages()
		if err != nil {
			return err
		}
		p, ok := domain.FindAccrochagePassage(list, ref)
		if !ok {
			return domain.NotFound("no accrochage passage %s (give its idTechnique or the certificate number of a holder already sent)", ref).
				WithHint("list them with: habil report accrochage --status")
		}
		switch p.Status {
		case domain.AccrochageOK:
			return domain.Conflict("ACCROCHAGE_CLOSE_OK", "passage %s (%s) was accepted by the CDC: there is nothing to close", p.IDTechnique, p.CertificateNumber)
		case domain.AccrochageClosed:
			return domain.Conflict("ACCROCHAGE_CLOSED", "passage %s (%s) is already closed (%s)", p.IDTechnique, p.CertificateNumber, p.ClosedReason)
		}
		if err := tx.CloseAccrochagePassage(p.IDTechnique, a.Today(), reason); err != nil {
			return err
		}
		p.Status, p.ClosedOn, p.ClosedReason = domain.AccrochageClosed, a.Today(), reason
		out = p
		return nil
	})
	return out, err
}

// AccrochageXSD returns the file of the newer CDC schema named by the
// configuration (accrochage.xsd, relative to the config file), "" when none.
func (a *App) AccrochageXSD() string {
	if a.Config.AccrochageXSD == "" {
		return ""
	}
	return a.configFile(a.Config.AccrochageXSD, "accrochage.xsd")
}

// accrochageStates is what 'habil check' reads of the accrochage.
func accrochageStates(r domain.Reader) ([]domain.AccrochageState, error) {
	_, hs, err := readAccrochageHolders(r, "")
	if err != nil {
		return nil, err
	}
	out := make([]domain.AccrochageState, 0, len(hs))
	for _, h := range hs {
		if h.DeliveredOn.IsZero() {
			continue
		}
		out = append(out, domain.AccrochageState{CertificateNumber: h.CertificateNumber, Certification: h.Certification, Holder: h.Holder,
			DeliveredOn: h.DeliveredOn, Passage: h.Passage})
	}
	return out, nil
}

// AccrochagePreview writes to path what 'report accrochage' would send at
// at (every holder to send, pending ones included), schema-valid, with an
// idFlux derived from at, and marks nothing: for 'report all'. With nothing
// to send it writes nothing (the result has no file).
func (a *App) AccrochagePreview(ctx context.Context, path string, at domain.Date, codec AccrochageCodec) (*AccrochageResult, error) {
	return a.WriteAccrochage(ctx, AccrochageRequest{Out: path, Preview: true, ResendPending: true, At: at}, codec)
}

// AccrochageFileLimit is the CDC's largest file (200 MB); files are kept
// 10 % under it.
var AccrochageFileLimit int64 = 200 << 20

// passagesPerFile says how many passages a file may carry to stay 10 %
// under limit, from the size of a sample of the flux (0: one file is
// small enough).
func passagesPerFile(f domain.CDCFlux, codec AccrochageCodec, limit int64) (int, error) {
	n := len(f.Passages)
	sample := f
	if n > 500 {
		sample.Passages = f.Passages[:500]
	}
	var c countWriter
	c.w = io.Discard
	if err := codec.Write(&c, sample); err != nil {
		return 0, err
	}
	budget := limit - limit/10
	if n <= len(sample.Passages) && c.n <= budget {
		return 0, nil
	}
	perPassage := c.n/int64(len(sample.Passages)) + 1
	if perPassage*int64(n) <= budget {
		return 0, nil
	}
	return int(max(1, budget/perPassage)), nil
}
