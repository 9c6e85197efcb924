package cli

import (
	"errors"
	"fmt"
	"github.com/habil-app/habil/internal/app"
	"regexp"
	"strings"

	"github.com/habil-app/habil/internal/buildinfo"
	"github.com/habil-app/habil/internal/cli/admin"
	"github.com/habil-app/habil/internal/cli/audit"
	"github.com/habil-app/habil/internal/cli/certification"
	"github.com/habil-app/habil/internal/cli/check"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/cli/cohort"
	"github.com/habil-app/habil/internal/cli/committee"
	"github.com/habil-app/habil/internal/cli/convention"
	"github.com/habil-app/habil/internal/cli/demo"
	"github.com/habil-app/habil/internal/cli/improve"
	"github.com/habil-app/habil/internal/cli/network"
	"github.com/habil-app/habil/internal/cli/partner"
	"github.com/habil-app/habil/internal/cli/report"
	"github.com/habil-app/habil/internal/cli/royalty"
	"github.com/habil-app/habil/internal/cli/session"
	"github.com/spf13/cobra"
)

// NewRoot builds the whole command tree.
func NewRoot(f *cmdutil.Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "habil",
		Short: "Run the partner network of RNCP/RS certifications on one local SQLite file",
		Long: `habil helps a French certification body ("certificateur") run the partner network of its
RNCP and RS certifications: its certifications from the France Compétences export, its partners and
their habilitations, the conventions d'habilitation, the reconciliation with the France Compétences
register, the control of the partners (audit checklists, audits and their non-conformities, the
audit plan, website checks), exam sessions with their juries and certificates, the CPF declaration
of holders to the Caisse des Dépôts, the insertion surveys and France Compétences statistics,
continuous improvement and royalties, and the nightly compliance check and reports.

Everything lives in one SQLite file (--db, HABIL_DB, config key db, or the default
<user data dir>/habil/habil.db). Generated documents are in French.`,
		Example: `  habil init --name "Académie des Métiers" --siret 73282932000074
  habil certification import export-fiches-rncp-v4-1-2025-11-20.zip
  habil demo`,
		Version:           buildinfo.String(),
		SilenceErrors:     true,
		SilenceUsage:      true,
		DisableAutoGenTag: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return cmdutil.ValidateFormat(f.Format)
		},
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		// A malformed value needs one line; an unknown flag needs the usage.
		if msg, ok := flagValueMessage(err.Error()); ok {
			return &cmdutil.FlagError{Err: errors.New(msg), NoUsage: true}
		}
		return &cmdutil.FlagError{Err: err}
	})
	_ = root.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return cmdutil.Formats, cobra.ShellCompDirectiveNoFileComp
	})
	pf := root.PersistentFlags()
	pf.StringVar(&f.DBFlag, "db", "", "database file (env HABIL_DB, config key db)")
	pf.StringVar(&f.ConfigFlag, "config", "", "config file (default <user config dir>/habil/config.yaml)")
	pf.StringVar(&f.Format, "format", "table", "output format of listings: table, json or csv")
	pf.String("busy-timeout", "", "how long to wait for another habil writing to the database, e.g. 30s (env HABIL_BUSY_TIMEOUT, config key busy_timeout; default 5s)")
	f.BindFlags(pf)

	root.AddGroup(
		&cobra.Group{ID: "setup", Title: "Set-up and data safety:"},
		&cobra.Group{ID: "network", Title: "Certifications and partner network:"},
		&cobra.Group{ID: "compliance", Title: "Compliance:"},
	)
	add := func(group string, cmds ...*cobra.Command) {
		for _, c := range cmds {
			c.GroupID = group
			root.AddCommand(c)
		}
	}
	add("setup",
		admin.NewCmdInit(f, nil),
		admin.NewCmdDoctor(f, nil),
		admin.NewCmdBackup(f, nil),
		admin.NewCmdRestore(f, nil),
		admin.NewCmdHistory(f, nil),
		admin.NewCmdPrivacy(f),
		demo.NewCmd(f, Run),
		newCmdVersion(f),
	)
	add("network",
		certification.NewCmd(f),
		partner.NewCmd(f),
		report.NewCmd(f),
		convention.NewCmd(f),
		session.NewCmd(f),
		cohort.NewCmd(f),
	)
	add("compliance", audit.NewCmd(f), check.NewCmd(f, nil))
	add("compliance", improve.NewCmd(f), committee.NewCmd(f), royalty.NewCmd(f), network.NewCmd(f)) // issue 17: the network's life
	root.SetHelpCommandGroupID("setup")
	root.SetCompletionCommandGroupID("setup")
	root.AddCommand(newHelpConfig())
	refuseUnknownSubcommands(root)
	return root
}

// refuseUnknownSubcommands makes every command group (a command with
// subcommands and nothing to run itself) refuse an unknown subcommand with a
// usage error (exit 2), as the root does, instead of printing its help and
// exiting 0: 'habil partner frob' in a script must fail. Without arguments
// a group still prints its help.
func refuseUnknownSubcommands(c *cobra.Command) {
	for _, sub := range c.Commands() {
		refuseUnknownSubcommands(sub)
	}
	if c.Parent() == nil || !c.HasSubCommands() || c.Runnable() {
		return
	}
	c.Args = cobra.ArbitraryArgs
	c.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return cmd.Help()
		}
		msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			msg += "; did you mean " + strings.Join(s, ", ") + "?"
		}
		return cmdutil.FlagErrorf("%s", msg)
	}
}

var reFlagValue = regexp.MustCompile(`^invalid argument "(.*)" for "(?:-\w, )?(--[\w-]+)" flag: (.*)$`)

// flagValueMessage rewrites pflag's "invalid argument" errors as one line
// that names the flag and says what is expected, without Go's strconv text.
func flagValueMessage(s string) (string, bool) {
	m := reFlagValue.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	value, flag, why := m[1], m[2], m[3]
	switch {
	case strings.Contains(why, "strconv.ParseInt") || strings.Contains(why, "strconv.ParseUint"):
		why = fmt.Sprintf("%q is not a whole number", value)
	case strings.Contains(why, "strconv.ParseFloat"):
		why = fmt.Sprintf("%q is not a number", value)
	case strings.Contains(why, "strconv.ParseBool"):
		why = fmt.Sprintf("%q is not true or false", value)
	}
	return flag + ": " + why, true
}

func newCmdVersion(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print habil's version",
		Example: "  habil version",
		Args:    cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintln(f.IOStreams.Out, buildinfo.String())
			return err
		},
	}
}

func newHelpConfig() *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Help topic: configuration keys, environment variables and precedence",
		Long:  configHelp(),
		Example: `  HABIL_DB=/srv/habil/habil.db habil check
  habil --config ./habil.yaml partner list`,
	}
}

func configHelp() string {
	var b strings.Builder
	b.WriteString(`Configuration

habil reads <user config dir>/habil/config.yaml (Linux: ~/.config/habil/config.yaml), or the file
given with --config. A missing default file is not an error. Every key can also be set in the
environment as HABIL_<KEY> (upper case, dots and dashes become underscores).
Precedence: command-line flag > environment > config file > default.

Keys:
`)
	for _, k := range app.Keys() {
		fmt.Fprintf(&b, "  %-40s %s (default: %s)\n", k.Name, k.Doc, k.Default)
	}
	b.WriteString(`
Example config.yaml:
  db: /home/marie/certification/habil.db
  journal_mode: WAL
`)
	return b.String()
}
