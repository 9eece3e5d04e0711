// Command ferretdb runs FerretDB v1 (a MongoDB wire-protocol server) on SQLite,
// for machines that cannot get a real mongod. It embeds the ferretdb package
// rather than the upstream binary, whose start-up panics on a missing version file.
//
// It prints one line, "ready <mongodb uri>", once it accepts connections, and
// stops cleanly on SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on; port 0 picks a free port")
	dataDir := flag.String("data", ".data/ferretdb", "directory for the SQLite databases")
	verbose := flag.Bool("verbose", false, "log FerretDB's own messages to stderr")
	exitWithStdin := flag.Bool("exit-with-stdin", false,
		"stop when standard input closes, so the server never outlives the process that started it")
	flag.Parse()

	if err := run(*listen, *dataDir, *verbose, *exitWithStdin); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}
}

func run(listen, dataDir string, verbose, exitWithStdin bool) error {
	dir, err := filepath.Abs(dataDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}

	var logOut io.Writer = io.Discard
	if verbose {
		logOut = os.Stderr
	}

	// FerretDB wants a file: URI naming a directory, with the trailing slash.
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listen},
		Logger:    slog.New(slog.NewTextHandler(logOut, nil)),
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if exitWithStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	// MongoDBURI blocks until the listener is bound, so this line means "ready".
	fmt.Println("ready", f.MongoDBURI())

	return <-done
}
