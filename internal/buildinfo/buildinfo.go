// Package buildinfo carries the version stamped at release time (-ldflags -X).
package buildinfo

import "runtime/debug"

var (
	Version = "dev"
	Commit  = ""
	Date    = ""
)

// String returns "habil VERSION (COMMIT, DATE)".
func String() string {
	v, c := Version, Commit
	if v == "dev" {
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
	}
	s := "habil " + v
	if c != "" {
		s += " (" + c
		if Date != "" {
			s += ", " + Date
		}
		s += ")"
	}
	return s
}
