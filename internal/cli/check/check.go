// Package check holds 'habil check': the nightly compliance check of the
// partner network, whose exit code (4) tells a script that something needs
// attention. The rules are the registry of internal/check; this command
// parses its flags, calls app.Check and prints the findings.
package check

import (
	"context"
	"fmt"
	"strings"

	"github.com/habil-app/habil/internal/app"
	rules "github.com/habil-app/habil/internal/check"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// Options are the flags of 'check'.
type Options struct {
	FailOn string // error (default) or warning
	At     cmdutil.DateFlag
}

const longIntro = `Evaluate every compliance rule at --at (default today) and list the findings, errors first.
It only reads the database. With --fail-on error (the default) it exits 4 when any finding is an
error; with --fail-on warning, when any is a warning or an error. A one-line summary goes to stderr.
In a nightly script, exit 4 means "read the findings"; 1, 2 or 5 mean the check could not run
(no such database, a bad flag or config value, the database busy).
`

const longOutro = `
Only active partners are checked for conventions and the end of their Qualiopi certificate; a
prospect habilitated to train is checked for its Qualiopi certificate and déclaration d'activité
too. A suspended partner may neither train nor assess (a habilitation still in force is
PARTNER_NOT_ACTIVE) and is checked again once reactivated. A convention that ends together with
the habilitation or the registration is not a finding. Reconcile findings are those of the last
run: run 'habil partner reconcile' again after fixing them; 'habil partner declared' records a
change declared on your France Compétences space that the export does not show yet.
`

const longJSON = `
--format json prints an array of {code, severity, subject, message, certification, siret,
convention, due_date, url} ([] when nothing is found; a key that does not apply is null); subject
is the SIRET, the convention number or the certification code.`

// Long is the help text: the introduction, the rules of the registry (code,
// severity, doc, configuration keys with their defaults), the contract's
// codes not evaluated yet, and the JSON shape.
func Long() string {
	var b strings.Builder
	b.WriteString(longIntro)
	b.WriteString("\nRules evaluated (thresholds in brackets are config keys, see 'habil help config'):\n")
	defaults := map[string]string{}
	for _, k := range app.Keys() {
		defaults[k.Name] = k.Default
	}
	area := rules.Area("")
	for _, r := range rules.Rules() {
		if r.Area != area {
			area = r.Area
			fmt.Fprintf(&b, " %s:\n", area)
		}
		sev := make([]string, len(r.Severities))
		for i, s := range r.Severities {
			sev[i] = string(s)
		}
		doc := r.Doc
		if len(r.Thresholds) > 0 {
			th := make([]string, len(r.Thresholds))
			for i, k := range r.Thresholds {
				th[i] = k + ": " + defaults[k]
			}
			doc += " [" + strings.Join(th, "; ") + "]"
		}
		code := r.Code
		if len(code) > 22 {
			fmt.Fprintf(&b, "  %s\n", code)
			code = ""
		}
		writeWrapped(&b, fmt.Sprintf("  %-22s %-13s ", code, strings.Join(sev, "/")), doc)
	}
	b.WriteString(longOutro)
	if pending := rules.NotEvaluated(); len(pending) > 0 {
		b.WriteString("\nNot evaluated yet (codes of the contract that need data habil does not record yet, or a rule\nstill to write):\n")
		var order []string
		groups := map[string][]string{}
		for _, c := range pending {
			if _, ok := groups[c.Until]; !ok {
				order = append(order, c.Until)
			}
			groups[c.Until] = append(groups[c.Until], c.Code)
		}
		for _, until := range order {
			writeWrapped(&b, "", strings.Join(groups[until], ", ")+": "+until)
		}
	}
	b.WriteString(longJSON)
	return b.String()
}

// writeWrapped writes prefix then text wrapped at 100 columns, the
// continuation lines indented like the text.
func writeWrapped(b *strings.Builder, prefix, text string) {
	const width = 100
	indent := strings.Repeat(" ", len([]rune(prefix)))
	if strings.TrimSpace(prefix) == "" {
		prefix = "  "
		indent = "    "
	}
	line := prefix
	n := len([]rune(line))
	first := true
	for _, w := range strings.Fields(text) {
		l := len([]rune(w))
		if !first && n+1+l > width {
			b.WriteString(line + "\n")
			line, n, first = indent+w, len([]rune(indent))+l, false
			continue
		}
		if first {
			line += w
			n += l
			first = false
		} else {
			line += " " + w
			n += 1 + l
		}
	}
	b.WriteString(line + "\n")
}

// NewCmd builds 'habil check'.
func NewCmd(f *cmdutil.Factory, runF func(context.Context, *Options) error) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "check [--fail-on error|warning] [--at D]",
		Short: "Run the compliance check of the network; exit 4 when findings reach --fail-on",
		Long:  Long(),
		Example: `  habil check
  habil check --fail-on warning --format json > check.json
  habil check --at 2027-01-01          # what will be due at New Year
  HABIL_CHECK_QUALIOPI_EXPIRING_DAYS=90 habil check`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s := strings.ToLower(strings.TrimSpace(o.FailOn))
			if s != string(domain.SeverityError) && s != string(domain.SeverityWarning) {
				return cmdutil.FlagValue("fail-on", fmt.Errorf("%q is not a severity to fail on: use error (the default) or warning", o.FailOn))
			}
			o.FailOn = s
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return checkRun(cmd.Context(), f, o)
		},
	}
	cmd.Flags().StringVar(&o.FailOn, "fail-on", "error", "exit 4 when a finding is at least this severe: error or warning")
	_ = cmd.RegisterFlagCompletionFunc("fail-on", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"error", "warning"}, cobra.ShellCompDirectiveNoFileComp
	})
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

func checkRun(ctx context.Context, f *cmdutil.Factory, o *Options) error {
	// A check never creates a database: a wrong path must not pass as a
	// clean network. (The configuration is loaded and validated first: a
	// bad threshold is exit 2.)
	a, err := f.ReadAppWhole(ctx, "there is nothing to check")
	if err != nil {
		return err
	}
	at := f.At(&o.At)
	findings, err := a.Check(ctx, at)
	if err != nil {
		return err
	}
	if err := cmdutil.PrintFindings(f.IOStreams, f.Format, findings, cmdutil.FindingsOptions{DueDate: true}); err != nil {
		return err
	}
	cmdutil.FindingsSummary(f.IOStreams.ErrOut, findings, at)
	return cmdutil.FailOn(findings, domain.Severity(o.FailOn))
}
