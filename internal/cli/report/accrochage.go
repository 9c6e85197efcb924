package report

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/habil-app/habil/internal/app"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/cpf"
	"github.com/habil-app/habil/internal/domain"
	"github.com/spf13/cobra"
)

// AccrochageOptions are the flags of 'report accrochage'.
type AccrochageOptions struct {
	Out           string
	Certification string
	MaxPassages   int
	ResendPending bool
	Check         bool
	Status        bool
	Close         string
	Reason        string
	At            cmdutil.DateFlag
}

// NewCmdAccrochage builds 'report accrochage'.
func NewCmdAccrochage(f *cmdutil.Factory, runF func(context.Context, *AccrochageOptions) error) *cobra.Command {
	o := &AccrochageOptions{}
	cmd := &cobra.Command{
		Use:   "accrochage --out FILE.xml [--certification CODE]",
		Short: "Write the CPF accrochage XML declaring your certificate holders to the Caisse des Dépôts",
		Long: `Write the XML file to upload on the CDC portal (certificateurs.moncompteformation.gouv.fr,
"Transmettre des données"): one passage per admitted holder whose certificate was delivered and
that was never sent, or whose last send came back KO. The law gives 3 months from the delivery
of the certificate (R6113-17-2). The file validates against the CDC schema (checked in Go, and
with xmllint when it is installed; accrochage.xsd in the config names a newer schema).

Passages sent and not yet answered are not sent again unless --resend-pending; passages the CDC
accepted are never sent again. Holders that cannot be sent (missing birth code, sex, name too
long…) are listed on stderr and left out. With nothing to send, no file is written.
Record the CDC's answer with 'habil report accrochage-ack REPORT.xml'.

  --check    list, without writing anything, every holder that cannot be sent and why
  --status   list every holder: never sent, pending since D, OK on D, KO with the CDC message, closed
  --close    close a KO that can never clear (e.g. no French social security number), with --reason:
             never sent again, out of 'habil check'. PASSAGE: its idTechnique or the certificate number.

The certifier's CDC identifiers come from 'habil init --cdc-client … --cdc-contract …'.
The file holds personal data: it is written with mode 0600.`,
		Example: `  habil report accrochage --out cdc-2026-03.xml
  habil report accrochage --out cdc.xml --certification RNCP35419 --max-passages 5000
  habil report accrochage --check
  habil report accrochage --status
  habil report accrochage --close RNCP35419-2025-000002 --reason "pas de NIR français"`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			modes := 0
			for _, m := range []bool{o.Check, o.Status, o.Close != ""} {
				if m {
					modes++
				}
			}
			if modes > 1 {
				return cmdutil.FlagErrorf("--check, --status and --close do not go together: give one")
			}
			if o.Reason != "" && o.Close == "" {
				return cmdutil.FlagErrorf("--reason goes with --close PASSAGE")
			}
			if modes == 0 {
				if _, err := cmdutil.OutExt(o.Out, ".xml"); err != nil {
					return err
				}
			}
			if o.MaxPassages < 0 {
				return cmdutil.FlagValue("max-passages", fmt.Errorf("it must be a whole number, 1 or more"))
			}
			if o.Certification != "" {
				c, err := domain.ParseCertCode(o.Certification)
				if err != nil {
					return cmdutil.FlagValue("certification", err)
				}
				o.Certification = string(c)
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return accrochageRun(cmd.Context(), f, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Out, "out", "", "XML file to write")
	fl.StringVar(&o.Certification, "certification", "", "only the holders of this certification")
	fl.IntVar(&o.MaxPassages, "max-passages", 0, "at most N passages per file: --out a.xml writes a-1.xml, a-2.xml… (the CDC takes 200 MB per file)")
	fl.BoolVar(&o.ResendPending, "resend-pending", false, "also send again the passages sent and not yet answered by the CDC")
	fl.BoolVar(&o.Check, "check", false, "list the holders that cannot be sent, and why, without writing")
	fl.BoolVar(&o.Status, "status", false, "list every holder's accrochage state")
	fl.StringVar(&o.Close, "close", "", "close a rejected passage that can never clear (idTechnique or certificate number)")
	fl.StringVar(&o.Reason, "reason", "", "why the passage is closed (with --close)")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

// accrochageCodec is the CDC format for the application layer: internal/cpf,
// and xmllint against the schema in use when it is installed.
func accrochageCodec(xsd string) app.AccrochageCodec {
	return app.AccrochageCodec{
		Write: cpf.WriteFlux,
		Check: cpf.Problems,
		Validate: func(path string) error {
			if _, err := exec.LookPath("xmllint"); err != nil {
				return nil // the Go-side validation ran
			}
			schema := xsd
			if schema == "" {
				tmp, err := os.CreateTemp("", "habil-cdc-*.xsd")
				if err != nil {
					return nil
				}
				defer os.Remove(tmp.Name())
				_, werr := tmp.Write(cpf.XSD)
				tmp.Close()
				if werr != nil {
					return nil
				}
				schema = tmp.Name()
			} else if _, err := os.Stat(schema); err != nil {
				return fmt.Errorf("accrochage.xsd: cannot read %s", schema)
			}
			out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", schema, path).CombinedOutput()
			if err != nil {
				return fmt.Errorf("%s", strings.TrimSpace(string(out)))
			}
			return nil
		},
		ParseAck: func(r io.Reader) (*app.AccrochageAck, error) {
			id, tr, answers, err := cpf.ReadAck(r)
			if err != nil {
				return nil, err
			}
			return &app.AccrochageAck{IDFlux: id, IDTraitement: tr, Answers: answers}, nil
		},
	}
}

func problemsLine(h app.AccrochageHolder) string {
	var ps []string
	for _, p := range h.Problems {
		ps = append(ps, p.Code+": "+p.Msg)
	}
	return fmt.Sprintf("%s %s: %s", h.CertificateNumber, h.Holder, strings.Join(ps, "; "))
}

func accrochageRun(ctx context.Context, f *cmdutil.Factory, o *AccrochageOptions) error {
	out, errOut := f.IOStreams.Out, f.IOStreams.ErrOut
	cert := domain.CertCode(o.Certification)
	switch {
	case o.Status:
		a, err := f.ReadApp(ctx)
		if err != nil {
			return err
		}
		hs, err := a.AccrochageHolders(ctx, cert)
		if err != nil {
			return err
		}
		if len(hs) == 0 {
			fmt.Fprintln(out, "No holder with a delivered certificate.")
			return nil
		}
		for _, h := range hs {
			fmt.Fprintf(out, "%s\t%s\t%s\t%s\n", h.CertificateNumber, h.Holder, h.IDTechnique, statusText(h))
		}
		return nil
	case o.Check:
		a, err := f.ReadApp(ctx)
		if err != nil {
			return err
		}
		bad, err := a.AccrochageCheck(ctx, cert, accrochageCodec(a.AccrochageXSD()))
		if err != nil {
			return err
		}
		if len(bad) == 0 {
			fmt.Fprintln(out, "Every holder still to send can be sent.")
			return nil
		}
		for _, h := range bad {
			fmt.Fprintln(out, problemsLine(h))
		}
		fmt.Fprintf(out, "%d holders cannot be sent: complete their data ('habil session enroll' again with the missing columns).\n", len(bad))
		return nil
	case o.Close != "":
		a, err := f.App(ctx)
		if err != nil {
			return err
		}
		p, err := a.CloseAccrochage(ctx, o.Close, o.Reason)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "Passage %s (%s) closed: %s\n", p.IDTechnique, p.CertificateNumber, p.ClosedReason)
		return nil
	}
	if err := f.CheckOut(o.Out); err != nil {
		return err
	}
	a, err := f.App(ctx)
	if err != nil {
		return err
	}
	res, err := a.WriteAccrochage(ctx, app.AccrochageRequest{Out: o.Out, Certification: cert, MaxPassages: o.MaxPassages,
		ResendPending: o.ResendPending, At: f.At(&o.At)}, accrochageCodec(a.AccrochageXSD()))
	if err != nil {
		return err
	}
	for _, h := range res.Unsendable {
		fmt.Fprintln(errOut, "not sent: "+problemsLine(h))
	}
	if len(res.Files) == 0 {
		msg := "Nothing to send: no file written."
		if res.Pending > 0 {
			msg += fmt.Sprintf(" %d passages wait for the CDC's processing report (--resend-pending sends them again).", res.Pending)
		}
		fmt.Fprintln(out, msg)
		return nil
	}
	if res.AutoSplit {
		fmt.Fprintf(errOut, "One file would pass the CDC's 200 MB limit: the passages are split into %d numbered files; upload each.\n", len(res.Files))
	}
	for _, fl := range res.Files {
		fmt.Fprintf(out, "%s: %d passages, idFlux %s, sha256 %s\n", filepath.ToSlash(fl.Path), fl.Passages, fl.IDFlux, fl.SHA256)
	}
	if res.Pending > 0 {
		fmt.Fprintf(out, "%d passages still wait for the CDC's processing report (not sent again).\n", res.Pending)
	}
	fmt.Fprintln(out, "Upload the file on the CDC portal, then record its processing report: habil report accrochage-ack REPORT.xml")
	return nil
}

func statusText(h app.AccrochageHolder) string {
	p := h.Passage
	switch p.Status {
	case domain.AccrochagePending:
		return "pending since " + p.SentOn.String()
	case domain.AccrochageOK:
		return "OK on " + p.AckOn.String()
	case domain.AccrochageKO:
		return "KO on " + p.AckOn.String() + ": " + p.Message
	case domain.AccrochageClosed:
		return "closed on " + p.ClosedOn.String() + ": " + p.ClosedReason
	}
	if len(h.Problems) > 0 {
		return "never sent (cannot be sent: " + h.Problems[0].Code + ")"
	}
	return "never sent"
}

// NewCmdAccrochageAck builds 'report accrochage-ack'.
func NewCmdAccrochageAck(f *cmdutil.Factory, runF func(context.Context, string) error) *cobra.Command {
	var at cmdutil.DateFlag
	cmd := &cobra.Command{
		Use:   "accrochage-ack FILE",
		Short: "Record the CDC's processing report (accusé de traitement) of an accrochage file",
		Long: `Read the processing report the CDC portal gives for an uploaded accrochage file and mark each
passage OK (accepted: never sent again) or KO (rejected, with the CDC's message: corrected data
must be sent within 3 months, R6113-17-2; 'habil report accrochage' sends it again). A file that
is not a processing report, or that names an idFlux or idTechnique habil never sent, is refused
(exit 3) and nothing is recorded.`,
		Example: `  habil report accrochage-ack accuse-de-traitement.xml
  habil report accrochage --status`,
		Args: cmdutil.ExactArgs(1, "FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), args[0])
			}
			a, err := f.App(cmd.Context())
			if err != nil {
				return err
			}
			res, err := a.RecordAccrochageAck(cmd.Context(), args[0], f.At(&at), accrochageCodec(""))
			if err != nil {
				return err
			}
			out := f.IOStreams.Out
			fmt.Fprintf(out, "idFlux %s: %d accepted, %d rejected.\n", res.IDFlux, res.OK, res.KO)
			for _, k := range res.KOs {
				fmt.Fprintf(out, "KO %s: %s\n", k.IDTechnique, k.Message)
			}
			if res.KO > 0 {
				fmt.Fprintln(out, "Correct the rejected holders and send them again with 'habil report accrochage' (3 months, R6113-17-2), or close those that can never clear with --close.")
			}
			return nil
		},
	}
	cmdutil.AddAtFlag(cmd, &at)
	return cmd
}
