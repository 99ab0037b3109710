// Command geokg imports annotated news into a knowledge graph of
// geopolitical relations and serves it; see the README.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/geokg/geokg/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
