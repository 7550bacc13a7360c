// Package pgtest gives tests a real PostgreSQL: the server named by
// LIAISON_TEST_POSTGRES, or else a throwaway cluster it starts itself from
// /usr/lib/postgresql/15/bin, in a temporary directory removed afterwards.
// PostgreSQL refuses to run as root; as root the cluster runs as the
// postgres user.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Bin is where Debian's PostgreSQL 15 puts initdb and pg_ctl.
var Bin = "/usr/lib/postgresql/15/bin"

// EnvDSN names an existing server to use instead of starting one: a URL
// of a database whose user may create databases.
const EnvDSN = "LIAISON_TEST_POSTGRES"

// EnvRequire makes a PostgreSQL that cannot be had a failure, not a skip.
const EnvRequire = "LIAISON_REQUIRE_POSTGRES"

// Cluster is a PostgreSQL server for tests.
type Cluster struct {
	admin   *url.URL // a URL of the maintenance database
	dir     string   // the throwaway cluster's directory ("" for EnvDSN)
	asUser  string   // the OS user the cluster runs as ("" for this one)
	counter atomic.Int64
	db      *sql.DB
}

// Start starts a throwaway cluster, or connects to EnvDSN.
func Start() (*Cluster, error) {
	if dsn := os.Getenv(EnvDSN); dsn != "" {
		u, err := url.Parse(dsn)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", EnvDSN, err)
		}
		return connect(&Cluster{admin: u})
	}
	initdb := filepath.Join(Bin, "initdb")
	if _, err := os.Stat(initdb); err != nil {
		return nil, fmt.Errorf("no PostgreSQL at %s (install Debian's postgresql-15, or set %s to a server's URL)", Bin, EnvDSN)
	}
	c := &Cluster{}
	if os.Geteuid() == 0 {
		if _, err := user.Lookup("postgres"); err != nil {
			return nil, errors.New("running as root and there is no postgres user to run PostgreSQL as")
		}
		c.asUser = "postgres"
	}
	dir, err := os.MkdirTemp("", "liaison-pg-")
	if err != nil {
		return nil, err
	}
	c.dir = dir
	if c.asUser != "" {
		if err := exec.Command("chown", c.asUser, dir).Run(); err != nil {
			c.Stop()
			return nil, fmt.Errorf("chown %s: %w", dir, err)
		}
	}
	port, err := freePort()
	if err != nil {
		c.Stop()
		return nil, err
	}
	data := filepath.Join(dir, "data")
	if out, err := c.run(initdb, "-D", data, "-A", "trust", "-U", "postgres", "--locale=C", "-E", "UTF8", "--no-sync"); err != nil {
		c.Stop()
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", port, dir)
	if out, err := c.run(filepath.Join(Bin, "pg_ctl"), "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		c.Stop()
		return nil, fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	c.admin = &url.URL{Scheme: "postgres", User: url.User("postgres"), Host: "127.0.0.1:" + strconv.Itoa(port), Path: "/postgres", RawQuery: "sslmode=disable"}
	return connect(c)
}

func connect(c *Cluster) (*Cluster, error) {
	db, err := sql.Open("pgx", c.admin.String())
	if err != nil {
		c.Stop()
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		c.Stop()
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	c.db = db
	return c, nil
}

// run runs a PostgreSQL program as the cluster's OS user.
func (c *Cluster) run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	if c.asUser != "" {
		cmd = exec.Command("runuser", append([]string{"-u", c.asUser, "--", name}, args...)...)
	}
	cmd.Dir = os.TempDir()
	return cmd.CombinedOutput()
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// NewDatabase creates an empty database and returns its URL.
func (c *Cluster) NewDatabase() (string, error) {
	name := fmt.Sprintf("liaison_test_%d_%d", os.Getpid(), c.counter.Add(1))
	if _, err := c.db.Exec("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'"); err != nil {
		return "", err
	}
	u := *c.admin
	u.Path = "/" + name
	return u.String(), nil
}

// DropDatabase removes a database made by NewDatabase.
func (c *Cluster) DropDatabase(dsn string) error {
	u, err := url.Parse(dsn)
	if err != nil {
		return err
	}
	name := strings.TrimPrefix(u.Path, "/")
	_, err = c.db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	return err
}

// Stop stops a throwaway cluster and removes its directory.
func (c *Cluster) Stop() {
	if c.db != nil {
		c.db.Close()
	}
	if c.dir == "" {
		return
	}
	c.run(filepath.Join(Bin, "pg_ctl"), "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "stop")
	os.RemoveAll(c.dir)
}
