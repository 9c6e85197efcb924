package cmdutil

import "fmt"

// Warn prints warnings on stderr, one "habil: warning: " line each, after
// "prefix: " when prefix is not empty (a convention's number…).
func Warn(ios *IOStreams, prefix string, warnings []string) {
	for _, w := range warnings {
		if prefix != "" {
			w = prefix + ": " + w
		}
		fmt.Fprintln(ios.ErrOut, "habil: warning: "+w)
	}
}

// PrintImportNotes prints the notes an import kept (warnings about rows it
// accepted), then how many more it did not keep.
func PrintImportNotes(ios *IOStreams, notes []string, more int) {
	Warn(ios, "", notes)
	if more > 0 {
		fmt.Fprintf(ios.ErrOut, "habil: warning: … and %d more warnings\n", more)
	}
}
