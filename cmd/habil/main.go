// Command habil runs the partner network of RNCP/RS certifications.
package main

import (
	"os"

	"github.com/habil-app/habil/internal/cli"
)

func main() { os.Exit(cli.Main()) }
