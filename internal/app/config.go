package app

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/habil-app/habil/internal/domain"
)

// Config is habil's whole configuration, typed and validated once at load:
// a bad value is a usage error (exit 2) naming the key, whatever the
// command. The CLI reads the file and the environment; this package owns
// the keys, their defaults and their rules.
type Config struct {
	// Path is the config file read ("" when none); relative paths given in
	// the file are relative to its folder.
	Path string
	// FromEnv holds the keys given in the environment (HABIL_…): a
	// relative file path there is relative to the current folder, not to
	// the config file's (see configFile).
	FromEnv map[string]bool

	DB          string        // db
	JournalMode string        // journal_mode: WAL or DELETE
	BusyTimeout time.Duration // busy_timeout

	Check domain.CheckLimits // check.*

	// ConventionTemplate is the file of the convention article texts
	// (convention.template; "" = built-in).
	ConventionTemplate string
	// Logo is an image (PNG or JPEG) printed on documents that carry the
	// certifier's identity (documents.logo; "" = none).
	Logo string
	// AuditChecklist is the certifier's own audit checklist spreadsheet
	// (audit.checklist; "" = the built-in one).
	AuditChecklist string
	// AccrochageXSD is a newer CDC accrochage schema to validate the
	// generated files against (accrochage.xsd; "" = the embedded one).
	AccrochageXSD string

	// Indicators are the neutralisation switches of the insertion
	// indicators (indicators.*).
	Indicators domain.IndicatorRules
	// SurveyWindows are the months after the jury decision in which a
	// survey answer is accepted (surveys.window_6m, surveys.window_24m).
	SurveyWindows domain.SurveyWindows
	// BackupKeep is how many automatic backups (before a migration or a
	// purge) are kept beside the database (backup.keep; 0 = all).
	BackupKeep int
	// RetentionYears is how long candidates' personal data is kept after
	// their last session (privacy.retention_years; 0 = check does not
	// report RETENTION_DUE).
	RetentionYears int
}

// Key is one configuration key: its name in config.yaml (HABIL_<NAME> in
// the environment), its default, what it means, and how it is parsed.
type Key struct {
	Name    string
	Default string
	Doc     string
	set     func(c *Config, v string) error
}

// Env is the environment variable of the key.
func (k Key) Env() string { return EnvName(k.Name) }

// EnvName is the environment variable of a key: HABIL_ and the key in upper
// case, dots and dashes made underscores.
func EnvName(key string) string {
	return "HABIL_" + strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(key))
}

func wholeDays(dst func(*Config) *int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fmt.Errorf("it must be a whole number, 0 or more")
		}
		*dst(c) = n
		return nil
	}
}

func text(dst func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error { *dst(c) = v; return nil }
}

var defaultLimits = domain.DefaultCheckLimits()

// keys is the one table of configuration keys.
var keys = []Key{
	{Name: "db", Default: "", Doc: "path of the database file (default <user data dir>/habil/habil.db)",
		set: text(func(c *Config) *string { return &c.DB })},
	{Name: "journal_mode", Default: "WAL", Doc: "WAL (default) or DELETE; use DELETE when the database sits on a network drive",
		set: func(c *Config, v string) error {
			switch strings.ToUpper(v) {
			case "WAL", "DELETE":
				c.JournalMode = strings.ToUpper(v)
				return nil
			}
			return fmt.Errorf("it must be WAL or DELETE")
		}},
	{Name: "busy_timeout", Default: "5s", Doc: "how long a command waits for another habil writing to the database before it exits 5 (e.g. 5s, 30s; a 100,000-row import holds the database for 3 to 10 s); also the global flag --busy-timeout",
		set: func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return fmt.Errorf("it must be a duration such as 5s or 1m")
			}
			c.BusyTimeout = d
			return nil
		}},
	{Name: "check.convention_expiring_days", Default: strconv.Itoa(defaultLimits.ConventionExpiringDays),
		Doc: "days before a signed convention ends from which check warns (CONVENTION_EXPIRING)",
		set: wholeDays(func(c *Config) *int { return &c.Check.ConventionExpiringDays })},
	{Name: "check.certification_ending_months", Default: strconv.Itoa(defaultLimits.CertificationEndingMonths),
		Doc: "months before a registration ends from which check warns (CERTIFICATION_ENDING)",
		set: wholeDays(func(c *Config) *int { return &c.Check.CertificationEndingMonths })},
	{Name: "check.qualiopi_expiring_days", Default: strconv.Itoa(defaultLimits.QualiopiExpiringDays),
		Doc: "days before a partner's Qualiopi certificate ends from which check warns (QUALIOPI_EXPIRING)",
		set: wholeDays(func(c *Config) *int { return &c.Check.QualiopiExpiringDays })},
	{Name: "check.fc_declaration_grace_days", Default: strconv.Itoa(defaultLimits.FCDeclarationGraceDays),
		Doc: "days France Compétences is given to list a new habilitation before reconcile and check report it as missing (FC_REGISTER_MISMATCH), and the certifier to declare a suspension, a withdrawal or an end before it is late (FC_DECLARATION_LATE; two months, R6113-16-5)",
		set: wholeDays(func(c *Config) *int { return &c.Check.FCDeclarationGraceDays })},
	{Name: "convention.template", Default: "",
		Doc: "file of the convention article texts used by 'convention pdf' (write the default with 'habil convention text --out FILE'; empty: the built-in texts)",
		set: text(func(c *Config) *string { return &c.ConventionTemplate })},
	{Name: "documents.logo", Default: "",
		Doc: "PNG or JPEG image of the certifier's logo, printed at the top of the documents habil writes, such as the conventions (empty: none)",
		set: text(func(c *Config) *string { return &c.Logo })},
	{Name: "check.fc_export_old_days", Default: strconv.Itoa(defaultLimits.FCExportOldDays),
		Doc: "days after which the France Compétences export 'partner reconcile' used is reported as old (FC_EXPORT_OLD); its date comes from the file name (…-AAAA-MM-JJ)",
		set: wholeDays(func(c *Config) *int { return &c.Check.FCExportOldDays })},
	{Name: "audit.checklist", Default: "",
		Doc: "spreadsheet (XLSX or CSV) of the certifier's own audit checklist, replacing the built-in one; columns code, section, point de contrôle, preuves à collecter, base légale, périmètre (empty: the built-in checklist)",
		set: text(func(c *Config) *string { return &c.AuditChecklist })},
	{Name: "check.audit_overdue_months", Default: strconv.Itoa(defaultLimits.AuditOverdueMonths),
		Doc: "months after the last audit of an active partner (or, never audited, the start of its first habilitation) from which check warns (AUDIT_OVERDUE)",
		set: wholeDays(func(c *Config) *int { return &c.Check.AuditOverdueMonths })},
	{Name: "check.results_missing_days", Default: strconv.Itoa(defaultLimits.ResultsMissingDays),
		Doc: "days after a session's last day from which check warns when results are missing (RESULTS_MISSING)",
		set: wholeDays(func(c *Config) *int { return &c.Check.ResultsMissingDays })},
	{Name: "check.delivery_late_days", Default: strconv.Itoa(defaultLimits.DeliveryLateDays),
		Doc: "days after the jury's decision from which check warns when the certificates are not delivered (DELIVERY_LATE)",
		set: wholeDays(func(c *Config) *int { return &c.Check.DeliveryLateDays })},
	{Name: "check.accrochage_due_days", Default: strconv.Itoa(defaultLimits.AccrochageDueDays),
		Doc: "days after the delivery of a certificate from which check warns that its holder is not yet accepted by the CDC (ACCROCHAGE_DUE; the legal limit is 3 months, R6113-17-2)",
		set: wholeDays(func(c *Config) *int { return &c.Check.AccrochageDueDays })},
	{Name: "accrochage.xsd", Default: "",
		Doc: "a newer CDC accrochage schema (XSD from the CDC portal, which accepts only its latest version) that 'report accrochage' validates its files against with xmllint (empty: the embedded schema 1.1.2)",
		set: text(func(c *Config) *string { return &c.AccrochageXSD })},
	{Name: "indicators.neutralise_alternance", Default: "true",
		Doc: "true (default): an 'emploi' survey answer with a work-study contract (alternance) counts as further studies and is neutralised, as France Compétences defines it; false: it counts as employment",
		set: yesNo(func(c *Config) *bool { return &c.Indicators.NeutraliseAlternance })},
	{Name: "indicators.neutralise_abroad", Default: "true",
		Doc: "true (default): a holder working outside the French labour market ('etranger') is neutralised; false: counted as employed",
		set: yesNo(func(c *Config) *bool { return &c.Indicators.NeutraliseAbroad })},
	{Name: "surveys.window_6m", Default: "5-12",
		Doc: "months after the jury decision in which a 6-month survey answer is accepted: from the first (included) to before the second",
		set: monthWindow(func(c *Config) *domain.SurveyWindow { return &c.SurveyWindows.W6m })},
	{Name: "surveys.window_24m", Default: "18-36",
		Doc: "months after the jury decision in which a 24-month survey answer is accepted: from the first (included) to before the second",
		set: monthWindow(func(c *Config) *domain.SurveyWindow { return &c.SurveyWindows.W24m })},
	{Name: "backup.keep", Default: "10",
		Doc: "how many automatic backups habil keeps beside the database (NAME.pre-vN-….bak before a schema upgrade, NAME.pre-purge-….bak before 'privacy purge'); older ones are removed after each new one; 0 keeps them all; a backup you name with 'backup --out' is never removed",
		set: wholeDays(func(c *Config) *int { return &c.BackupKeep })},
	{Name: "privacy.retention_years", Default: "5",
		Doc: "years after a candidate's last session from which check reports them as due for 'privacy purge' (RETENTION_DUE, info); 5 = one registration period of the certification (at most 5 years), whose renewal needs the statistics; set it from your register of processing; 0 = never report",
		set: wholeDays(func(c *Config) *int { return &c.RetentionYears })},
	{Name: "check.committee_due_months", Default: strconv.Itoa(defaultLimits.CommitteeDueMonths),
		Doc: "months without an improvement committee meeting ('committee meet') for a certification from which check warns (COMMITTEE_DUE); 0 disables the rule, since the Code requires no committee of a certifier",
		set: wholeDays(func(c *Config) *int { return &c.Check.CommitteeDueMonths })},
	{Name: "check.royalty_unpaid_days", Default: strconv.Itoa(defaultLimits.RoyaltyUnpaidDays),
		Doc: "days after the end of a royalty period (31 December) from which check warns about a recorded statement not fully paid (ROYALTY_UNPAID)",
		set: wholeDays(func(c *Config) *int { return &c.Check.RoyaltyUnpaidDays })},
	{Name: "check.evaluator_training_months", Default: strconv.Itoa(defaultLimits.EvaluatorTrainingMonths),
		Doc: "months a training ('network training add') of a partner habilitated to assess counts, once the certifier records trainings (EVALUATOR_NOT_TRAINED)",
		set: wholeDays(func(c *Config) *int { return &c.Check.EvaluatorTrainingMonths })},
	{Name: "check.document_ack_days", Default: strconv.Itoa(defaultLimits.DocumentAckDays),
		Doc: "days a partner has to acknowledge the current version of a published document ('network documents ack') before check warns (DOCUMENT_NOT_ACKNOWLEDGED)",
		set: wholeDays(func(c *Config) *int { return &c.Check.DocumentAckDays })},
}

func yesNo(dst func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		switch strings.ToLower(v) {
		case "true", "yes", "1", "on", "oui":
			*dst(c) = true
		case "false", "no", "0", "off", "non":
			*dst(c) = false
		default:
			return fmt.Errorf("it must be true or false")
		}
		return nil
	}
}

func monthWindow(dst func(*Config) *domain.SurveyWindow) func(*Config, string) error {
	return func(c *Config, v string) error {
		a, b, ok := strings.Cut(v, "-")
		from, err1 := strconv.Atoi(strings.TrimSpace(a))
		to, err2 := strconv.Atoi(strings.TrimSpace(b))
		if !ok || err1 != nil || err2 != nil || from < 0 || to <= from {
			return fmt.Errorf("it must be two month numbers such as 5-12 (from month 5 to before month 12)")
		}
		*dst(c) = domain.SurveyWindow{From: from, To: to}
		return nil
	}
}

// Keys lists the configuration keys, by name.
func Keys() []Key {
	out := append([]Key(nil), keys...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// DefaultConfig is the configuration with every key at its default.
func DefaultConfig() Config {
	c, err := LoadConfig("", func(string) (string, bool) { return "", false })
	if err != nil {
		panic("habil: a default configuration value is invalid: " + err.Error())
	}
	return c
}

// LoadConfig builds the configuration from lookup (the value of a key and
// whether it was given, by file, environment or flag; the default is used
// otherwise). Every key is validated: the first bad one is a usage error
// naming the key and its environment variable.
func LoadConfig(path string, lookup func(key string) (string, bool)) (Config, error) {
	c := Config{Path: path}
	for _, k := range keys {
		v, given := lookup(k.Name)
		v = strings.TrimSpace(v)
		if !given {
			v = k.Default
		}
		if err := k.set(&c, v); err != nil {
			where := "in the config file"
			if path != "" {
				where = "in " + path
			}
			return c, domain.Invalid("CONFIG", "%s is %q: %v", k.Name, v, err).
				WithHint("fix it %s or in %s ('habil help config' lists the keys)", where, k.Env())
		}
	}
	return c, nil
}
