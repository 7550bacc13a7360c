// Command liaison keeps an ombudsman office's international cooperation as
// records and publishes them. See "liaison --help".
package main

import (
	"context"
	"os"

	"github.com/liaison-registry/liaison/internal/cli"
)

func main() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], cli.DefaultEnv()))
}
