package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/liaison-registry/liaison/internal/admin"
	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

const userUsage = `Usage:
  liaison user add --email E --role admin|editor|viewer [--name N] [--db PATH]
  liaison user passwd --email E [--db PATH]
  liaison user disable --email E [--db PATH]
  liaison user enable --email E [--db PATH]
  liaison user list [--db PATH]

The password is asked for twice, without echo, when standard input is a
terminal, and otherwise read from the first line of standard input:
  printf '%s\n' "$PASSWORD" | liaison user add --email ana@ombudsman.az --role editor
`

func userCmd(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help" {
		io.WriteString(env.Stderr, userUsage)
		if len(args) == 0 {
			return &usageError{errors.New("name a user command: add, passwd, disable, enable or list")}
		}
		return nil
	}
	sub, rest := args[0], args[1:]
	fs, db := flags("user "+sub, "user "+sub+" [flags]", env)
	email := fs.String("email", "", "the account's email `address`")
	role := fs.String("role", "", "`role`: admin, editor or viewer")
	name := fs.String("name", "", "the person's `name`")
	if err := parse(fs, rest); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	if sub != "list" && sub != "add" && sub != "passwd" && sub != "disable" && sub != "enable" {
		return &usageError{fmt.Errorf("unknown user command %q; expected add, passwd, disable, enable or list", sub)}
	}
	if sub != "list" {
		if err := admin.CheckEmail(strings.TrimSpace(*email)); err != nil {
			return &usageError{fmt.Errorf("--email: %w", err)}
		}
	}
	if sub == "add" {
		if _, err := auth.ParseRole(*role); err != nil {
			return &usageError{fmt.Errorf("--role: %w", err)}
		}
	}
	var st *store.Store
	var err error
	if sub == "add" {
		st, err = store.Open(ctx, *db, store.Options{})
	} else {
		st, err = openExisting(ctx, *db)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = store.WithActor(ctx, store.Actor{Label: "liaison user " + sub + " (" + osUser() + ")"})

	switch sub {
	case "list":
		users, err := st.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "EMAIL\tROLE\tSTATE\tNAME")
		for _, u := range users {
			state := "active"
			if u.Disabled {
				state = "disabled"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Email, u.Role, state, u.Name)
		}
		return tw.Flush()
	case "add":
		password, err := readPassword(env)
		if err != nil {
			return err
		}
		hash, err := auth.HashPassword(password)
		if err != nil {
			return err
		}
		u := &store.User{Email: *email, Name: strings.TrimSpace(*name), Role: *role, PasswordHash: hash}
		if err := st.Transact(ctx, func(tx *store.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "added %s (%s)\n", u.Email, u.Role)
		return nil
	}
	u, err := st.UserByEmail(ctx, *email)
	if errors.Is(err, registry.ErrNotFound) {
		return fmt.Errorf("there is no account for %s", store.NormalizeEmail(*email))
	}
	if err != nil {
		return err
	}
	switch sub {
	case "passwd":
		password, err := readPassword(env)
		if err != nil {
			return err
		}
		hash, err := auth.HashPassword(password)
		if err != nil {
			return err
		}
		err = st.Transact(ctx, func(tx *store.Tx) error { return tx.SetPassword(ctx, u.ID, hash, "") })
		if err == nil {
			fmt.Fprintf(env.Stdout, "password of %s changed; its sessions were ended\n", u.Email)
		}
		return err
	default:
		u.Disabled = sub == "disable"
		err = st.Transact(ctx, func(tx *store.Tx) error { return tx.UpdateUser(ctx, u) })
		if err == nil {
			fmt.Fprintf(env.Stdout, "%sd %s\n", sub, u.Email)
		}
		return err
	}
}

// readPassword asks for a password twice without echo on a terminal, or
// reads the first line of standard input, and checks its strength.
func readPassword(env Env) (string, error) {
	var password string
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(env.Stderr, "Password: ")
		first, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(env.Stderr, "Again: ")
		second, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", err
		}
		if string(first) != string(second) {
			return "", errors.New("the two passwords differ")
		}
		password = string(first)
	} else {
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", errors.New("no password on standard input; give it on the first line")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	if err := auth.CheckPasswordStrength(password); err != nil {
		return "", fmt.Errorf("the password %w", err)
	}
	return password, nil
}

func osUser() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}
