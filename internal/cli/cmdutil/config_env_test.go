package cmdutil

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/habil-app/habil/internal/app"
)

// A file key given in the environment is marked so (its relative path is
// relative to the current folder); the same key in the config file is not.
func TestConfigKnowsKeysFromTheEnvironment(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("audit:\n  checklist: grille.csv\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ios, _, _, _ := Test()
	f := NewFactory(ios, nil)
	f.ConfigFlag = cfg
	f.Getenv = func(k string) string {
		return map[string]string{"HABIL_DOCUMENTS_LOGO": "logo.png"}[k]
	}
	t.Setenv("HABIL_DOCUMENTS_LOGO", "logo.png") // viper reads the process environment
	c, err := f.Config()
	if err != nil {
		t.Fatal(err)
	}
	if !c.FromEnv[app.LogoKey] || c.FromEnv[app.AuditChecklistKey] || c.Logo != "logo.png" || c.AuditChecklist != "grille.csv" {
		t.Errorf("FromEnv %v, logo %q, checklist %q", c.FromEnv, c.Logo, c.AuditChecklist)
	}
}
