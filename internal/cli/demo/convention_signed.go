package demo

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// What was signed stays as signed: the first signed convention gets its
// signed copy attached ('habil convention attach'). The demo has no real
// scan: the PDF habil printed at signature stands for it, written to
// DIR/scans/; 'habil convention show' then checks it.
func init() {
	Register(Step{Order: 32, Name: "signed copy of a convention attached by its fingerprint (habil convention attach)", Fn: attachSignedCopy})
}

func attachSignedCopy(e *Env) error {
	out, err := e.Run("convention", "list", "--status", "signed", "--format", "json", "--at", e.Today.String())
	if err != nil {
		return err
	}
	var convs []struct {
		ID       int64   `json:"id"`
		Number   string  `json:"number"`
		SignedOn *string `json:"signed_on"`
	}
	if err := json.Unmarshal([]byte(out), &convs); err != nil {
		return fmt.Errorf("demo: reading the convention list: %w", err)
	}
	if len(convs) == 0 || convs[0].SignedOn == nil {
		e.Log("no signed convention: nothing attached")
		return nil
	}
	c := convs[0]
	dir := filepath.Join(e.Dir, "scans")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	scan := filepath.Join(dir, c.Number+"-signee.pdf")
	id := fmt.Sprint(c.ID)
	if _, err := e.Run("convention", "pdf", id, "--out", scan); err != nil {
		return err
	}
	if _, err := e.Run("convention", "attach", id, scan, "--date", *c.SignedOn); err != nil {
		return err
	}
	e.Log("%s: signed copy attached (%s); habil convention show %s checks it is still the same file", c.Number, scan, id)
	return nil
}
