package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/habil-app/habil/internal/domain"
)

// What was signed stays as signed: a convention keeps the fingerprint of
// the PDF habil printed at signature (see SignConvention) and of the signed
// scans attached to it. Habil keeps the path and fingerprint of a scan,
// never the file: 'convention show' tells whether the file at that path
// still has the same content.

// ConventionAttach is a request to attach a file (the signed scan) to a
// convention.
type ConventionAttach struct {
	Ref  string      // id or number
	Path string      // the file; kept as an absolute path
	Date domain.Date // day it was received (zero: today)
}

// ConventionAttached is what attaching a file did.
type ConventionAttached struct {
	Convention *domain.Convention
	Attachment domain.ConventionAttachment
	// Warnings: an empty file, a convention whose signature is not recorded.
	Warnings []string
}

// AttachConvention records the absolute path, SHA-256, size and date of a
// file attached to a convention, journaled. The file must exist and be
// readable (KindNotFound naming the path); the same content twice is
// refused (KindConflict, "already attached on …"); any file type is
// accepted, with a warning when it is empty.
func (a *App) AttachConvention(ctx context.Context, r ConventionAttach) (*ConventionAttached, error) {
	att, err := fingerprint(r.Path)
	if err != nil {
		return nil, err
	}
	att.AttachedOn = a.orToday(r.Date)
	out := &ConventionAttached{}
	if att.Size == 0 {
		out.Warnings = append(out.Warnings, fmt.Sprintf("%s is empty (0 bytes): is it really the signed copy?", att.Path))
	}
	today := a.Today()
	err = a.Store.Update(ctx, func(tx domain.Tx) error {
		c, err := conventionByRef(tx, r.Ref)
		if err != nil {
			return err
		}
		before := c.Clone()
		if err := c.Attach(att, today); err != nil {
			return err
		}
		if c.SignedOn.IsZero() {
			out.Warnings = append(out.Warnings, fmt.Sprintf("%s is %s: its signature is not recorded (habil convention sign %d --date D)", c.Number, c.Status, c.ID))
		}
		added := &c.Attachments[len(c.Attachments)-1]
		if err := tx.AddConventionAttachment(before, c, added); err != nil {
			return err
		}
		out.Convention, out.Attachment = c, *added
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// fingerprint reads the file at path: its absolute path, SHA-256 and size.
func fingerprint(path string) (domain.ConventionAttachment, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	f, err := os.Open(abs)
	if err != nil {
		return domain.ConventionAttachment{}, domain.Errorf(domain.KindNotFound, "ATTACH_FILE", "cannot read %s: %v", abs, pathErr(err)).
			WithHint("give the path of the signed copy (a PDF, a JPEG…); nothing was recorded")
	}
	defer f.Close()
	st, err := f.Stat()
	if err == nil && st.IsDir() {
		return domain.ConventionAttachment{}, domain.Errorf(domain.KindNotFound, "ATTACH_FILE", "%s is a folder, not a file", abs).
			WithHint("give the path of the signed copy itself; nothing was recorded")
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return domain.ConventionAttachment{}, domain.Errorf(domain.KindNotFound, "ATTACH_FILE", "cannot read %s: %v", abs, pathErr(err))
	}
	return domain.ConventionAttachment{Path: abs, SHA256: hex.EncodeToString(h.Sum(nil)), Size: n}, nil
}

// Attachment states, as 'convention show' prints them.
const (
	AttachmentOK         = "ok"         // the file at the path has the same SHA-256
	AttachmentChanged    = "changed"    // it has another content
	AttachmentMissing    = "missing"    // no file at that path
	AttachmentUnreadable = "unreadable" // a file that cannot be read
)

// AttachmentCheck is an attachment and whether the file at its path still
// has the content recorded.
type AttachmentCheck struct {
	domain.ConventionAttachment
	State string // AttachmentOK, AttachmentChanged, AttachmentMissing or AttachmentUnreadable
}

// ConventionShown is a convention and the state of its attachments.
type ConventionShown struct {
	Convention  *domain.Convention
	Attachments []AttachmentCheck // in the order of Convention.Attachments
}

// ShowConvention returns one convention (by id or number) and, for each
// file attached, whether the file at its path still has the same SHA-256:
// read-only; a file of another size is "changed" without being read.
func (a *App) ShowConvention(ctx context.Context, ref string) (*ConventionShown, error) {
	c, err := a.Convention(ctx, ref)
	if err != nil {
		return nil, err
	}
	out := &ConventionShown{Convention: c, Attachments: []AttachmentCheck{}}
	for _, at := range c.Attachments {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out.Attachments = append(out.Attachments, AttachmentCheck{ConventionAttachment: at, State: attachmentState(at)})
	}
	return out, nil
}

func attachmentState(at domain.ConventionAttachment) string {
	st, err := os.Stat(at.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return AttachmentMissing
	case err != nil || st.IsDir():
		return AttachmentUnreadable
	case st.Size() != at.Size:
		return AttachmentChanged
	}
	now, err := fingerprint(at.Path)
	switch {
	case err != nil:
		return AttachmentUnreadable
	case now.SHA256 != at.SHA256:
		return AttachmentChanged
	}
	return AttachmentOK
}
