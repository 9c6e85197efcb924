package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/domain"
)

// AddTraining records a training of the partners' trainers and evaluators:
// an unknown partner is refused and nothing is written.
func (a *App) AddTraining(ctx context.Context, t domain.Training) (*domain.Training, error) {
	t.Topic = strings.TrimSpace(t.Topic)
	if t.Topic == "" {
		return nil, domain.Invalid("TRAINING_TOPIC", "the topic of a training cannot be empty").WithHint("give --topic TEXT")
	}
	if len(t.Partners) == 0 {
		return nil, domain.Invalid("TRAINING_PARTNERS", "a training needs the partners trained").WithHint("give --partner SIRET once per partner")
	}
	if t.Date.After(a.Today()) {
		return nil, domain.Conflict("TRAINING_DATE", "%s is in the future: record a training once it was held", t.Date)
	}
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		for _, s := range t.Partners {
			if _, err := tx.Partner(s); err != nil {
				return err
			}
		}
		return tx.AddTraining(&t)
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// PublishDocument records a version of a document the partners must use,
// by the SHA-256 of file, published on date (zero: today).
func (a *App) PublishDocument(ctx context.Context, name, file, version string, date domain.Date) (*domain.NetworkDocument, error) {
	name, version = strings.TrimSpace(name), strings.TrimSpace(version)
	if name == "" || version == "" {
		return nil, domain.Invalid("DOCUMENT_NAME", "a document needs a NAME and a --version")
	}
	if date.IsZero() {
		date = a.Today()
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, domain.NotFound("cannot read %s: %v", file, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return nil, domain.Errorf(domain.KindRejected, "DOCUMENT_READ", "cannot read %s: %v", file, err)
	}
	d := &domain.NetworkDocument{Name: name, Version: version, SHA256: hex.EncodeToString(h.Sum(nil)), FileName: filepath.Base(file), Size: n, PublishedOn: date}
	if err := a.Store.Update(ctx, func(tx domain.Tx) error { return tx.PublishDocument(d) }); err != nil {
		return nil, err
	}
	return d, nil
}

// AckDocument records that a partner acknowledged a version of a document.
func (a *App) AckDocument(ctx context.Context, siret domain.SIRET, name, version string, date domain.Date) (*domain.NetworkDocument, error) {
	if date.IsZero() {
		date = a.Today()
	}
	if date.After(a.Today()) {
		return nil, domain.Conflict("DOCUMENT_ACK_DATE", "%s is in the future", date)
	}
	var doc *domain.NetworkDocument
	err := a.Store.Update(ctx, func(tx domain.Tx) error {
		if _, err := tx.Partner(siret); err != nil {
			return err
		}
		docs, err := tx.NetworkDocuments()
		if err != nil {
			return err
		}
		for _, d := range docs {
			if d.Name == strings.TrimSpace(name) && d.Version == strings.TrimSpace(version) {
				doc = d
			}
		}
		if doc == nil {
			return domain.NotFound("version %s of %q was never published", version, name).
				WithHint("publish it with 'habil network documents publish %s FILE --version %s'", name, version)
		}
		if date.Before(doc.PublishedOn) {
			return domain.Conflict("DOCUMENT_ACK_DATE", "%s is before version %s of %q was published (%s)", date, version, name, doc.PublishedOn)
		}
		return tx.AckDocument(doc, siret, date)
	})
	if err != nil {
		return nil, err
	}
	return doc, nil
}
