package app

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/habil-app/habil/internal/domain"
)

func lookup(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func TestDefaultConfig(t *testing.T) {
	c := DefaultConfig()
	if c.JournalMode != "WAL" || c.BusyTimeout != 5*time.Second || c.DB != "" || c.ConventionTemplate != "" || c.Logo != "" {
		t.Errorf("defaults = %+v", c)
	}
	if c.Check != domain.DefaultCheckLimits() {
		t.Errorf("check limits = %+v, want the contract's defaults %+v", c.Check, domain.DefaultCheckLimits())
	}
}

func TestLoadConfigValues(t *testing.T) {
	c, err := LoadConfig("/etc/habil.yaml", lookup(map[string]string{
		"journal_mode": "delete", "busy_timeout": "1m", "check.qualiopi_expiring_days": " 30 ",
		"check.fc_declaration_grace_days": "0", "convention.template": "textes.tmpl", "db": "~/h.db",
		"check.fc_export_old_days": "120",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.JournalMode != "DELETE" || c.BusyTimeout != time.Minute || c.Check.QualiopiExpiringDays != 30 ||
		c.Check.FCDeclarationGraceDays != 0 || c.Check.ConventionExpiringDays != 90 || c.ConventionTemplate != "textes.tmpl" ||
		c.DB != "~/h.db" || c.Path != "/etc/habil.yaml" || c.Check.FCExportOldDays != 120 {
		t.Errorf("config = %+v", c)
	}
}

// Every key refuses a bad value with a usage error (exit 2) naming the key
// and its environment variable.
func TestLoadConfigRefusesBadValues(t *testing.T) {
	bad := map[string][]string{
		"journal_mode":                      {"MEMORY", "wall"},
		"busy_timeout":                      {"5", "soon", "-1s"},
		"check.convention_expiring_days":    {"-1", "ninety", "1.5"},
		"check.certification_ending_months": {"twelve"},
		"check.qualiopi_expiring_days":      {"60d"},
		"check.fc_declaration_grace_days":   {"ninety"},
		"check.fc_export_old_days":          {"-5", "3 mois"},
	}
	for key, values := range bad {
		for _, v := range values {
			_, err := LoadConfig("", lookup(map[string]string{key: v}))
			var de *domain.Error
			if !errors.As(err, &de) || de.Kind != domain.KindInvalid || de.Code != "CONFIG" ||
				!strings.HasPrefix(de.Msg, key+` is "`+v+`"`) || !strings.Contains(de.Hint, EnvName(key)) {
				t.Errorf("%s=%q: got %v", key, v, err)
			}
		}
	}
}

func TestKeysDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range Keys() {
		if k.Doc == "" || seen[k.Name] {
			t.Errorf("key %q: empty doc or listed twice", k.Name)
		}
		seen[k.Name] = true
	}
	if EnvName("check.fc_declaration_grace_days") != "HABIL_CHECK_FC_DECLARATION_GRACE_DAYS" {
		t.Errorf("env name = %s", EnvName("check.fc_declaration_grace_days"))
	}
}
