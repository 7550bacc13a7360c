package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/liaison-registry/liaison/internal/generate"
	"github.com/liaison-registry/liaison/internal/store"
)

// liaison runs the liaison binary's commands.
type liaison struct {
	bin         string
	logf        func(string, ...any)
	generatedBy string // how the registry was made, for the report
}

// buildLiaison builds ./cmd/liaison of this module into dir.
func buildLiaison(ctx context.Context, dir string) (string, error) {
	gomod, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	bin := filepath.Join(dir, "liaison")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/liaison")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/liaison: %v\n%s", err, out)
	}
	return bin, nil
}

// run runs a liaison command with stdin, and returns an error carrying
// its output when it fails.
func (l *liaison) run(ctx context.Context, stdin []byte, args ...string) error {
	_, err := l.output(ctx, stdin, args...)
	return err
}

func (l *liaison) output(ctx context.Context, stdin []byte, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, l.bin, args...)
	cmd.Env = cleanEnv()
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.Bytes(), fmt.Errorf("liaison %s: %v\n%s%s", redactArgs(args), err, stdout.Bytes(), stderr.Bytes())
	}
	return stdout.Bytes(), nil
}

// cleanEnv is this process's environment without LIAISON_ settings, so
// that only the flags choose the database, address and public URL.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LIAISON_") {
			env = append(env, kv)
		}
	}
	return env
}

// ensureRegistry generates a registry into dsn when it holds no events:
// with `liaison generate` when asked for (--institutions and --years) or
// when that command takes --events, and otherwise through `liaison
// import` of the document ./bench generates (generate.ForEvents, seed 1).
func (l *liaison) ensureRegistry(ctx context.Context, cfg *config, dsn string) error {
	st, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		return fmt.Errorf("open %s: %w", redact(dsn), err)
	}
	n, err := st.CountEvents(ctx, store.Filter{})
	st.Close()
	if err != nil {
		return err
	}
	if n > 0 {
		l.logf("%s holds %d events; using it as it is", redact(dsn), n)
		if l.generatedBy == "" {
			l.generatedBy = "existing registry"
		}
		return nil
	}
	// A liaison without the command exits 2 with "unknown command";
	// flags print their help on standard error.
	help, err := exec.CommandContext(ctx, l.bin, "generate", "--help").CombinedOutput()
	hasGenerate := err == nil
	switch {
	case cfg.institutions > 0:
		if !hasGenerate {
			return fmt.Errorf("--institutions needs `liaison generate`, which this liaison does not have")
		}
		args := []string{"generate", "--institutions", strconv.Itoa(cfg.institutions), "--years", strconv.Itoa(cfg.years), "--db", dsn}
		l.logf("liaison %s", redactArgs(args))
		l.generatedBy = "liaison " + redactArgs(args)
		return l.run(ctx, nil, args...)
	case hasGenerate && bytes.Contains(help, []byte("-events")):
		args := []string{"generate", "--events", strconv.Itoa(cfg.events), "--db", dsn}
		l.logf("liaison %s", redactArgs(args))
		l.generatedBy = "liaison " + redactArgs(args)
		return l.run(ctx, nil, args...)
	}
	doc := generate.Document(generate.ForEvents(cfg.events, 1))
	data, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	l.logf("importing a generated registry of %d events into %s (liaison import)", cfg.events, redact(dsn))
	l.generatedBy = fmt.Sprintf("liaison import of generate.Document(generate.ForEvents(%d, 1))", cfg.events)
	return l.run(ctx, data, "import", "--db", dsn, "-")
}

// registryCounts counts the registry's records.
func registryCounts(ctx context.Context, dsn string) (map[string]int, error) {
	st, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	tables, err := st.Counts(ctx)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, t := range tables {
		switch t.Table {
		case "institutions", "people", "projects", "events", "publications", "users":
			counts[t.Table] = t.Rows
		}
	}
	return counts, nil
}

// account makes (or, on a registry kept from an earlier run, resets) an
// editor's account with password.
func (l *liaison) account(ctx context.Context, dsn, email, password string) error {
	pw := []byte(password + "\n")
	err := l.run(ctx, pw, "user", "add", "--db", dsn, "--email", email, "--role", "editor", "--name", "Load test editor")
	if err == nil {
		return nil
	}
	if err2 := l.run(ctx, pw, "user", "passwd", "--db", dsn, "--email", email); err2 != nil {
		return fmt.Errorf("%v\n%v", err, err2)
	}
	return l.run(ctx, nil, "user", "enable", "--db", dsn, "--email", email)
}

func randomPassword() (string, error) {
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// redact hides a PostgreSQL URL's password.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

func redactArgs(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = redact(a)
	}
	return strings.Join(out, " ")
}
