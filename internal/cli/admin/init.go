// Package admin holds the set-up and data-safety commands: init, doctor,
// backup and history.
package admin

import (
	"context"
	"errors"
	"fmt"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// InitOptions are the flags of 'habil init'.
type InitOptions struct {
	F                                    *cmdutil.Factory
	Name, SIRET, NDA, Address, Signatory string
	CDCClient, CDCContract               string
	changed                              map[string]bool
}

// NewCmdInit builds 'habil init'.
func NewCmdInit(f *cmdutil.Factory, runF func(context.Context, *InitOptions) error) *cobra.Command {
	opts := &InitOptions{F: f}
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Record (or show, or update) the certifier's identity",
		Long: `Record the certifier's identity: legal name, SIRET, NDA, address, the person who signs
conventions, and the Caisse des Dépôts identifiers used in the CPF accrochage XML
(idClient, 8 characters; idContrat, at most 20).

Run it once on a new database; run it again with some flags to update them. Without flags
on an initialised database it shows the identity.`,
		Example: `  habil init --name "Académie des Métiers du Numérique" --siret "732 829 320 00074" \
      --nda 11755555555 --address "12 rue de la Paix, 75002 Paris" \
      --signatory "Marie Dupont, directrice" --cdc-client 12ABC345 --cdc-contract MCFCER000123
  habil init                      # show the identity`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.changed = map[string]bool{}
			for _, n := range []string{"name", "siret", "nda", "address", "signatory", "cdc-client", "cdc-contract"} {
				opts.changed[n] = cmd.Flags().Changed(n)
				if !opts.changed[n] {
					delete(opts.changed, n)
				}
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return initRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Name, "name", "", "legal name of the certifier")
	fl.StringVar(&opts.SIRET, "siret", "", "SIRET of the certifier (14 digits)")
	fl.StringVar(&opts.NDA, "nda", "", "déclaration d'activité number (11 digits), if any")
	fl.StringVar(&opts.Address, "address", "", "postal address, as printed on conventions")
	fl.StringVar(&opts.Signatory, "signatory", "", "name and title of the person who signs conventions")
	fl.StringVar(&opts.CDCClient, "cdc-client", "", "Caisse des Dépôts idClient (BCR), exactly 8 characters")
	fl.StringVar(&opts.CDCContract, "cdc-contract", "", "Caisse des Dépôts idContrat, at most 20 characters")
	return cmd
}

func initRun(ctx context.Context, o *InitOptions) error {
	// Validate every flag before touching the database.
	var siret domain.SIRET
	var nda domain.NDA
	var client, contract string
	var err error
	if o.changed["siret"] {
		if siret, err = domain.ParseSIRET(o.SIRET); err != nil {
			return cmdutil.FlagValue("siret", err)
		}
	}
	if o.changed["nda"] {
		if nda, err = domain.ParseNDA(o.NDA); err != nil {
			return cmdutil.FlagValue("nda", err)
		}
	}
	if o.changed["cdc-client"] {
		if client, err = domain.ParseCDCClientID(o.CDCClient); err != nil {
			return cmdutil.FlagValue("cdc-client", err)
		}
	}
	if o.changed["cdc-contract"] {
		if contract, err = domain.ParseCDCContractID(o.CDCContract); err != nil {
			return cmdutil.FlagValue("cdc-contract", err)
		}
	}
	a, err := o.F.App(ctx)
	if err != nil {
		return err
	}
	ios := o.F.IOStreams
	if len(o.changed) == 0 {
		c, err := a.Certifier(ctx)
		if err != nil {
			return err
		}
		return printCertifier(o.F, a.Store.Path(), c)
	}
	var u app.CertifierUpdate
	str := func(flag string, v *string) *string {
		if o.changed[flag] {
			return v
		}
		return nil
	}
	u.Name, u.Address, u.Signatory = str("name", &o.Name), str("address", &o.Address), str("signatory", &o.Signatory)
	u.CDCClientID, u.CDCContract = str("cdc-client", &client), str("cdc-contract", &contract)
	if o.changed["siret"] {
		u.SIRET = &siret
	}
	if o.changed["nda"] {
		u.NDA = &nda
	}
	res, err := a.Init(ctx, u)
	if errors.Is(err, app.ErrInitIdentity) {
		return cmdutil.FlagErrorf("a new database needs --name and --siret")
	}
	if err != nil {
		return err
	}
	switch {
	case res.Created:
		fmt.Fprintf(ios.ErrOut, "Certifier %s (SIRET %s) recorded in %s.\n", res.Certifier.Name, res.Certifier.SIRET.Formatted(), a.Store.Path())
		fmt.Fprintln(ios.ErrOut, "Next: habil certification import FILE (the France Compétences export), or habil certification add CODE --title …")
	case res.Changed:
		fmt.Fprintf(ios.ErrOut, "Certifier identity updated.\n")
	default:
		fmt.Fprintf(ios.ErrOut, "Nothing changed: the identity was already as given.\n")
	}
	return nil
}

type certifierJSON struct {
	Name        string  `json:"name"`
	SIRET       string  `json:"siret"`
	NDA         *string `json:"nda"`
	Address     *string `json:"address"`
	Signatory   *string `json:"signatory"`
	CDCClient   *string `json:"cdc_client"`
	CDCContract *string `json:"cdc_contract"`
	Database    string  `json:"database"`
}

func printCertifier(f *cmdutil.Factory, path string, c domain.Certifier) error {
	j := certifierJSON{c.Name, string(c.SIRET), cmdutil.NullString(string(c.NDA)), cmdutil.NullString(c.Address),
		cmdutil.NullString(c.Signatory), cmdutil.NullString(c.CDCClientID), cmdutil.NullString(c.CDCContract), path}
	if f.Format == "json" {
		return cmdutil.WriteJSON(f.IOStreams.Out, j)
	}
	rows := [][]string{
		{"name", c.Name}, {"siret", c.SIRET.Formatted()}, {"nda", cmdutil.Orempty(string(c.NDA))},
		{"address", cmdutil.Orempty(c.Address)}, {"signatory", cmdutil.Orempty(c.Signatory)},
		{"cdc_client", cmdutil.Orempty(c.CDCClientID)}, {"cdc_contract", cmdutil.Orempty(c.CDCContract)},
		{"database", path},
	}
	return cmdutil.Print(f.IOStreams, f.Format, cmdutil.Listing{Headers: []string{"field", "value"}, Rows: rows, JSON: j})
}
