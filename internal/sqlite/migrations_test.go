package sqlite

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// released lists the SHA-256 of every migration file. A migration that has
// been committed is never edited: a schema change is a new numbered file
// (and a new line here). Users' databases were built by the old files.
var released = map[string]string{
	"0001_init.sql":                    "bab8cc8bfb719f7f3069202ea353d0f8a5966e828145426d85d1d9528a098964",
	"0002_partners.sql":                "1d858f6a12a11f481535c04a498b01ba633cbdf340f03a6b6c0960800670047b",
	"0003_conventions.sql":             "7ce8a01bc47de77fb678e2d1178de94452f8f5ac243db2d2ea13a657908ad9ce",
	"0004_reconcile.sql":               "a0d0b523c584fd2f94b70f9a4e886c29d146a3e0ac0347dafcd0eaf1c2beecaf",
	"0005_habilitation_end_reason.sql": "fbfbfccf676c659ee8aec57f62dadbb44b290493d02ea48c6ea396966648e843",
	"0006_partner_list.sql":            "a94a9b06ec13fdaa459b98b3807ba298ca008712ac970acb931f1782f2a6a419",
	"0007_convention_decree.sql":       "c8858592fe77f36a03662e1bf31bb347685db2c50a972a57ad68c9548b667fd9",
	"0008_fiche_register.sql":          "c662fa611d98f28aa8d63af147a96773c1d9125ead5c2e63be0bd956f5008190",
	"0009_fc_declaration.sql":          "fc067388cb400013fba6bdf3b6adfd354eea23ef2b359cbe62ca57c5e208399b",
	"0010_audits.sql":                  "ca8e53cecc4a2f003c38060038e4716602cd16dab62c9e1786b4dfa38ee53383",
	"0011_sessions.sql":                "a7db65414fb5d591ee28413af58df8ea80e8bac19f34b0c2ac251c322d21f141",
	"0012_accrochage.sql":              "7ae6239655ccee0638332b2eefad65cda421ac5e55f98013b4c5ebb98967f0bb",
	"0013_surveys.sql":                 "a4fdeafebb310dd3546bc47d10993b361faf28d3f019784b053ed586e63dac03",
	"0014_network_life.sql":            "79b61222b0cd1c07d64a2eab8935f211304146b96e5ccd5d0c655048a0d0fbda",
}

func TestMigrationsAreAppendOnly(t *testing.T) {
	ms := migrations()
	for i, m := range ms {
		if m.version != i+1 {
			t.Errorf("migration %s: version %d, want %d (numbers are consecutive)", m.name, m.version, i+1)
		}
		sum := sha256.Sum256([]byte(m.sql))
		got := hex.EncodeToString(sum[:])
		want, ok := released[m.name]
		if !ok {
			t.Errorf("migration %s is not listed in migrations_test.go: add its SHA-256 %s", m.name, got)
			continue
		}
		if got != want {
			t.Errorf("migration %s was edited (SHA-256 %s, recorded %s): never edit a migration, add a new one", m.name, got, want)
		}
	}
	if len(ms) != len(released) {
		t.Errorf("%d migrations embedded, %d recorded", len(ms), len(released))
	}
}
