package convention

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/habil-app/habil/internal/atomicfile"
	"github.com/habil-app/habil/internal/cli/cmdutil"
	"github.com/habil-app/habil/internal/domain"
	"github.com/habil-app/habil/internal/pdf"
	"github.com/habil-app/habil/internal/report"
	"github.com/habil-app/habil/internal/sqlite"
	"github.com/spf13/cobra"
)

// PDFOptions are the flags of 'convention pdf'.
type PDFOptions struct {
	Ref    string
	All    bool
	Out    string
	Status string
	At     cmdutil.DateFlag
}

// NewCmdPDF builds 'convention pdf'.
func NewCmdPDF(f *cmdutil.Factory, runF func(context.Context, *PDFOptions) error) *cobra.Command {
	o := &PDFOptions{}
	cmd := &cobra.Command{
		Use:   "pdf ID --out FILE.pdf | pdf --all --out DIR [--status S]",
		Short: "Print a convention, or all of them, as a PDF in French ready to sign",
		Long: `Write the complete convention in French: parties (certifier from 'habil init', partner with SIRET,
déclaration d'activité, address, representative, Qualiopi), articles (purpose, scope, duration,
duties, communication, quality and control, fees, personal data, suspension and withdrawal,
termination, disputes), annex 1 cahier des charges, annex 2 scope table, annex 3 fee schedule,
and the signature blocks. Every page carries the number and date in its header and "Page x/y".

With --all, every convention (or those of --status) is written to DIR as NUMBER.pdf; DIR is
created when its parent folder exists. Nothing is written when the template is broken.

The article texts come from the config key convention.template when set (see 'habil
convention text'), else the built-in texts. The same data and the same --at (or
SOURCE_DATE_EPOCH) give byte-identical files; --at is also the printing date.

Identity fields that are not recorded (address, representative…) print as a dotted blank to
complete by hand, with a warning; so does a character the embedded font cannot print.`,
		Example: `  habil convention pdf 12 --out convention-formapro.pdf
  habil convention pdf CONV-2025-0007 --out ~/Documents/CONV-2025-0007.pdf --at 2025-01-10
  habil convention pdf --all --status draft --out campagne-2026/`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return cmdutil.FlagErrorf("too many arguments: give one convention id, or --all")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Ref = args[0]
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return pdfRun(cmd.Context(), f, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Out, "out", "", "PDF file to write (a folder with --all) (required)")
	fl.BoolVar(&o.All, "all", false, "write every convention into the --out folder, as NUMBER.pdf")
	fl.StringVar(&o.Status, "status", "", "with --all: only conventions with this status")
	cmdutil.AddAtFlag(cmd, &o.At)
	return cmd
}

// loadTemplate returns the convention template named by the configuration, or the built-in one.
func loadTemplate(f *cmdutil.Factory) (*report.ConventionTemplate, string, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, "", err
	}
	path := cfg.ConventionTemplate
	if path == "" {
		t, err := report.ParseConventionTemplate("convention.tmpl", report.DefaultConventionTemplate())
		return t, "", err
	}
	if strings.HasPrefix(path, "~/") {
		if h, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(h, path[2:])
		}
	}
	// A relative path written in the config file is relative to that file's
	// folder (a nightly job runs from anywhere); from the environment it is
	// relative to the current folder.
	if !filepath.IsAbs(path) && f.Getenv("HABIL_CONVENTION_TEMPLATE") == "" && cfg.Path != "" {
		if _, err := os.Stat(cfg.Path); err == nil {
			path = filepath.Join(filepath.Dir(cfg.Path), path)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, path, domain.Errorf(domain.KindNotFound, "TEMPLATE_FILE", "cannot read the convention template %s (config key %s): %v", path, TemplateKey, err).
			WithHint("write one with 'habil convention text --out FILE', or unset %s to use the built-in texts", TemplateKey)
	}
	t, err := report.ParseConventionTemplate(filepath.Base(path), string(b))
	return t, path, err
}

// outErr turns an atomicfile error into a clear one-line error.
func outErr(path string, err error) error {
	if errors.Is(err, atomicfile.ErrFolder) {
		return domain.Errorf(domain.KindNotFound, "OUT_FOLDER", "cannot write %s: the folder %s does not exist", path, filepath.Dir(path)).
			WithHint("create it first, or choose another --out; nothing was written")
	}
	return domain.Errorf(domain.KindInternal, "OUT_WRITE", "%v", err)
}

type built struct {
	conv *domain.Convention
	doc  *report.Document
	path string
	size int
}

func pdfRun(ctx context.Context, f *cmdutil.Factory, o *PDFOptions) error {
	switch {
	case o.Out == "":
		return cmdutil.FlagErrorf("convention pdf needs --out (a .pdf file, or a folder with --all)")
	case o.All && o.Ref != "":
		return cmdutil.FlagErrorf("give a convention id or --all, not both")
	case !o.All && o.Ref == "":
		return cmdutil.FlagErrorf("missing the convention's id or number (or --all)")
	case !o.All && !strings.EqualFold(filepath.Ext(o.Out), ".pdf"):
		return cmdutil.FlagValue("out", domain.Invalid("OUT_EXTENSION", "%q must end in .pdf", o.Out))
	case !o.All && o.Status != "":
		return cmdutil.FlagErrorf("--status goes with --all")
	}
	var flt sqlite.ConventionFilter
	if o.Status != "" {
		s, err := domain.ParseConventionStatus(o.Status)
		if err != nil {
			return cmdutil.FlagValue("status", err)
		}
		flt.Status = s
	}
	tmpl, tmplPath, err := loadTemplate(f)
	if err != nil {
		return err
	}
	db, err := f.DB(ctx)
	if err != nil {
		return err
	}
	certifier, err := db.Certifier(ctx)
	if err != nil {
		return err
	}
	var convs []*domain.Convention
	if o.All {
		if convs, err = db.Conventions(ctx, flt); err != nil {
			return err
		}
		if len(convs) == 0 {
			fmt.Fprintln(f.IOStreams.ErrOut, "No convention to print: nothing written.")
			return nil
		}
	} else {
		id, err := db.ConventionID(ctx, o.Ref)
		if err != nil {
			return err
		}
		c, err := db.Convention(ctx, id)
		if err != nil {
			return err
		}
		convs = []*domain.Convention{c}
	}
	at := f.At(&o.At)
	stamp := f.Now()
	if o.At.IsSet() {
		stamp = at.Time()
	}

	// Build every document first: a template error stops before any file is written.
	partners := map[domain.SIRET]*domain.Partner{}
	certs := map[domain.CertCode]*domain.Certification{}
	docs := make([]*built, 0, len(convs))
	var warnings []string
	for _, c := range convs {
		if err := ctx.Err(); err != nil {
			return err
		}
		p, ok := partners[c.PartnerSIRET]
		if !ok {
			if p, err = db.Partner(ctx, c.PartnerSIRET); err != nil {
				return err
			}
			partners[c.PartnerSIRET] = p
		}
		cert, ok := certs[c.Certification]
		if !ok {
			if cert, err = db.Certification(ctx, c.Certification); err != nil {
				return err
			}
			certs[c.Certification] = cert
		}
		doc, w, err := tmpl.Build(report.ConventionInput{Certifier: certifier, Partner: p, Certification: cert, Convention: c, EditedOn: at})
		if err != nil {
			return err
		}
		w = append(w, pdf.MissingGlyphs(doc)...)
		for _, x := range w {
			warnings = append(warnings, c.Number+": "+x)
		}
		b := &built{conv: c, doc: doc, path: o.Out}
		if o.All {
			b.path = filepath.Join(o.Out, c.Number+".pdf")
		}
		docs = append(docs, b)
	}
	if tmplPath != "" {
		fmt.Fprintf(f.IOStreams.ErrOut, "Article texts from %s (config key %s).\n", tmplPath, TemplateKey)
	}
	opts := pdf.Options{Time: stamp}
	if !o.All {
		b := docs[0]
		var n countWriter
		err := atomicfile.Write(b.path, 0o644, func(w io.Writer) error {
			n.w = w
			return pdf.Render(&n, b.doc, opts)
		})
		if err != nil {
			return outErr(b.path, err)
		}
		warn(f, "", warnings)
		fmt.Fprintf(f.IOStreams.ErrOut, "Wrote %s (%s, %s, %d bytes).\n", b.path, b.conv.Number, b.conv.Status, n.n)
		return nil
	}
	if err := prepareDir(o.Out); err != nil {
		return err
	}
	start := time.Now()
	total, err := renderAll(ctx, docs, opts)
	if err != nil {
		return err
	}
	printWarnings(f, warnings)
	fmt.Fprintf(f.IOStreams.ErrOut, "Wrote %d conventions to %s (%.1f MB in %.1f s).\n", len(docs), o.Out, float64(total)/1e6, time.Since(start).Seconds())
	return nil
}

type countWriter struct {
	w io.Writer
	n int
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}

// prepareDir creates the --all folder when its parent exists.
func prepareDir(dir string) error {
	st, err := os.Stat(dir)
	if err == nil {
		if !st.IsDir() {
			return cmdutil.FlagValue("out", domain.Invalid("OUT_NOT_FOLDER", "%s is a file: with --all, --out is a folder", dir))
		}
		return nil
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return domain.Errorf(domain.KindNotFound, "OUT_FOLDER", "cannot create %s: the folder %s does not exist", dir, filepath.Dir(filepath.Clean(dir))).
				WithHint("create it first, or choose another --out; nothing was written")
		}
		return domain.Errorf(domain.KindInternal, "OUT_FOLDER", "cannot create %s: %v", dir, err)
	}
	return nil
}

// renderAll renders the documents on all CPUs (each fpdf document is used by
// one goroutine only) and writes each file atomically.
func renderAll(ctx context.Context, docs []*built, opts pdf.Options) (int, error) {
	jobs := make(chan *built)
	var mu sync.Mutex
	var first error
	total := 0
	var wg sync.WaitGroup
	// More workers than CPUs: each file is synced to disk, which waits on I/O.
	for i := 0; i < min(max(4, 2*runtime.NumCPU()), 16); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range jobs {
				var buf bytes.Buffer
				err := pdf.Render(&buf, b.doc, opts)
				if err == nil {
					err = atomicfile.WriteBytes(b.path, 0o644, buf.Bytes())
					if err != nil {
						err = outErr(b.path, err)
					}
				}
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				total += buf.Len()
				mu.Unlock()
			}
		}()
	}
	for _, b := range docs {
		mu.Lock()
		stop := first != nil
		mu.Unlock()
		if stop || ctx.Err() != nil {
			break
		}
		jobs <- b
	}
	close(jobs)
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	return total, first
}

// printWarnings prints the warnings, at most 20, then how many more.
func printWarnings(f *cmdutil.Factory, warnings []string) {
	const maxShown = 20
	shown := warnings
	if len(shown) > maxShown {
		shown = shown[:maxShown]
	}
	warn(f, "", shown)
	if n := len(warnings) - len(shown); n > 0 {
		fmt.Fprintf(f.IOStreams.ErrOut, "habil: warning: … and %d more warnings (print one convention to see all of its warnings)\n", n)
	}
}

// TextOptions are the flags of 'convention text'.
type TextOptions struct {
	Out   string
	Check string
}

// NewCmdText builds 'convention text'.
func NewCmdText(f *cmdutil.Factory, runF func(context.Context, *TextOptions) error) *cobra.Command {
	o := &TextOptions{}
	cmd := &cobra.Command{
		Use:   "text [--out FILE] | text --check FILE",
		Short: "Write the default article texts of the convention, to adapt them to your own wording",
		Long: `Write the default article texts of the convention de partenariat as a readable template (Go
text/template) with named fields such as {{.Partner.Name}} or {{.Certification.Title}}; the top of
the file lists every field and the layout marks (# heading, - bullet, ::tableau, ::signatures…).

Adapt a copy to your own legal wording, then name it in the configuration (config.yaml):
    convention.template: /path/to/my-convention.tmpl
or in the environment (HABIL_CONVENTION_TEMPLATE); 'convention pdf' then uses it. An unknown
field or a broken template is reported with its line before any PDF is written; --check FILE
checks a template without printing anything.`,
		Example: `  habil convention text --out my-convention.tmpl
  habil convention text --check my-convention.tmpl
  HABIL_CONVENTION_TEMPLATE=my-convention.tmpl habil convention pdf 12 --out test.pdf`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return textRun(f, o)
		},
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "file to write (default: standard output)")
	cmd.Flags().StringVar(&o.Check, "check", "", "check this template file instead of writing one")
	return cmd
}

func textRun(f *cmdutil.Factory, o *TextOptions) error {
	if o.Check != "" {
		if o.Out != "" {
			return cmdutil.FlagErrorf("give --out or --check, not both")
		}
		b, err := os.ReadFile(o.Check)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return domain.Errorf(domain.KindNotFound, "TEMPLATE_FILE", "cannot read %s: %v", o.Check, err)
		}
		if _, err := report.ParseConventionTemplate(filepath.Base(o.Check), string(b)); err != nil {
			return err
		}
		fmt.Fprintf(f.IOStreams.ErrOut, "%s is a valid convention template.\n", o.Check)
		return nil
	}
	text := report.DefaultConventionTemplate()
	if o.Out == "" {
		_, err := io.WriteString(f.IOStreams.Out, text)
		return err
	}
	if err := atomicfile.WriteBytes(o.Out, 0o644, []byte(text)); err != nil {
		return outErr(o.Out, err)
	}
	fmt.Fprintf(f.IOStreams.ErrOut, "Wrote %s. Adapt it, then set '%s: %s' in the config file (or HABIL_CONVENTION_TEMPLATE).\n", o.Out, TemplateKey, o.Out)
	return nil
}
