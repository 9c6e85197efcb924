#!/bin/sh
# Regenerate the shell completion scripts of completions/ from the command tree
# (goreleaser runs it as a before hook). The files are written by the Go test
# that also checks they are up to date.
set -eu
cd "$(dirname "$0")/.."
go test ./internal/cli -run '^TestCompletions$' -count=1 -update
ls completions
