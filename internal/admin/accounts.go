package admin

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

type loginData struct {
	Email, Next, Error string
}

func (a *Admin) loginPage(w http.ResponseWriter, r *http.Request) {
	if auth.From(r.Context()).User != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	a.render(w, r, http.StatusOK, "login", "Sign in", loginData{Next: safeNext(r.URL.Query().Get("next"))})
}

func (a *Admin) login(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		a.fail(w, r, err)
		return
	}
	email, password := strings.TrimSpace(r.PostForm.Get("email")), r.PostForm.Get("password")
	d := loginData{Email: email, Next: safeNext(r.PostForm.Get("next"))}
	if email == "" || password == "" {
		d.Error = "Give your email address and your password."
		a.render(w, r, http.StatusBadRequest, "login", "Sign in", d)
		return
	}
	_, err := a.auth.Login(w, r, email, password)
	var throttled *auth.ThrottledError
	switch {
	case errors.As(err, &throttled):
		w.Header().Set("Retry-After", strconv.Itoa(int(throttled.RetryAfter.Seconds())+1))
		d.Error = capitalize(throttled.Error()) + "."
		a.render(w, r, http.StatusTooManyRequests, "login", "Sign in", d)
		return
	case errors.Is(err, auth.ErrBadCredentials):
		d.Error = capitalize(err.Error()) + "."
		a.render(w, r, http.StatusUnauthorized, "login", "Sign in", d)
		return
	case err != nil:
		a.fail(w, r, err)
		return
	}
	http.Redirect(w, r, d.Next, http.StatusSeeOther)
}

func (a *Admin) logout(w http.ResponseWriter, r *http.Request) {
	if err := a.auth.Logout(w, r); err != nil {
		a.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
}

type passwordData struct {
	Errors map[string]string
}

func (a *Admin) passwordPage(w http.ResponseWriter, r *http.Request) {
	a.render(w, r, http.StatusOK, "password", "Change your password", passwordData{})
}

func (a *Admin) changePassword(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		a.fail(w, r, err)
		return
	}
	p := auth.From(r.Context())
	if p.User == nil {
		a.Deny(w, r, http.StatusForbidden)
		return
	}
	d := passwordData{Errors: map[string]string{}}
	current, next, again := r.PostForm.Get("current"), r.PostForm.Get("new"), r.PostForm.Get("again")
	if !auth.CheckPassword(p.User.PasswordHash, current) {
		d.Errors["current"] = "This is not your current password."
	}
	if err := auth.CheckPasswordStrength(next); err != nil {
		d.Errors["new"] = "The new password " + err.Error() + "."
	} else if next != again {
		d.Errors["again"] = "The two new passwords differ."
	}
	if len(d.Errors) > 0 {
		a.render(w, r, http.StatusUnprocessableEntity, "password", "Change your password", d)
		return
	}
	hash, err := auth.HashPassword(next)
	if err == nil {
		err = a.st.Transact(r.Context(), func(tx *store.Tx) error { return tx.SetPassword(r.Context(), p.User.ID, hash, p.SessionHash) })
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	redirect(w, r, "/admin/", "password")
}

type usersData struct {
	Users  []*store.User
	Form   map[string]string
	Errors map[string]string
	Self   int64
}

func (a *Admin) usersPage(w http.ResponseWriter, r *http.Request) {
	a.renderUsers(w, r, http.StatusOK, map[string]string{"role": "editor"}, nil)
}

func (a *Admin) renderUsers(w http.ResponseWriter, r *http.Request, status int, form, errs map[string]string) {
	users, err := a.st.Users(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, status, "users", "Accounts", usersData{Users: users, Form: form, Errors: errs, Self: auth.From(r.Context()).User.ID})
}

// createUser adds an account with a first password the admin passes on.
func (a *Admin) createUser(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		a.fail(w, r, err)
		return
	}
	form := map[string]string{"email": strings.TrimSpace(r.PostForm.Get("email")), "name": strings.TrimSpace(r.PostForm.Get("name")), "role": r.PostForm.Get("role")}
	errs := map[string]string{}
	u := &store.User{Email: form["email"], Name: form["name"], Role: form["role"]}
	if err := CheckEmail(u.Email); err != nil {
		errs["email"] = err.Error()
	}
	if _, err := auth.ParseRole(u.Role); err != nil {
		errs["role"] = err.Error()
	}
	password := r.PostForm.Get("password")
	if err := auth.CheckPasswordStrength(password); err != nil {
		errs["password"] = "The password " + err.Error() + "."
	}
	if len(errs) == 0 {
		hash, err := auth.HashPassword(password)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		u.PasswordHash = hash
		err = a.st.Transact(r.Context(), func(tx *store.Tx) error { return tx.CreateUser(r.Context(), u) })
		var ce *registry.ConflictError
		switch {
		case errors.As(err, &ce):
			errs["email"] = ce.Error()
		case err != nil:
			a.fail(w, r, err)
			return
		default:
			redirect(w, r, "/admin/users", "user")
			return
		}
	}
	a.renderUsers(w, r, http.StatusUnprocessableEntity, form, errs)
}

// CheckEmail says why an address cannot name an account.
func CheckEmail(email string) error {
	at := strings.LastIndexByte(email, '@')
	if at < 1 || at == len(email)-1 || len(email) > 254 || strings.ContainsAny(email, " \t\r\n<>\"") {
		return fmt.Errorf("%q is not an email address; expected such as name@ombudsman.az", email)
	}
	return nil
}

type userData struct {
	User   *store.User
	Self   bool
	Errors map[string]string
}

func (a *Admin) userPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	u, err := a.st.User(r.Context(), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "user", u.Email, userData{User: u, Self: u.ID == auth.From(r.Context()).User.ID})
}

// saveUser changes an account's name, role and whether it is disabled,
// or sets a new password for it. An admin cannot disable or demote their
// own account, so that the registry cannot be left without an admin by
// accident.
func (a *Admin) saveUser(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		a.fail(w, r, err)
		return
	}
	ctx := r.Context()
	u, err := a.st.User(ctx, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	self := u.ID == auth.From(ctx).User.ID
	errs := map[string]string{}
	if password := r.PostForm.Get("password"); password != "" {
		if err := auth.CheckPasswordStrength(password); err != nil {
			errs["password"] = "The password " + err.Error() + "."
		} else {
			hash, err := auth.HashPassword(password)
			if err == nil {
				err = a.st.Transact(ctx, func(tx *store.Tx) error { return tx.SetPassword(ctx, u.ID, hash, "") })
			}
			if err != nil {
				a.fail(w, r, err)
				return
			}
		}
	} else {
		u.Name = strings.TrimSpace(r.PostForm.Get("name"))
		if _, err := auth.ParseRole(r.PostForm.Get("role")); err != nil {
			errs["role"] = err.Error()
		} else {
			u.Role = r.PostForm.Get("role")
		}
		u.Disabled = r.PostForm.Get("disabled") == "on"
		if self && (u.Disabled || u.Role != "admin") {
			errs["role"] = "You cannot disable your own account or take away your own admin role; ask another admin."
		}
		if len(errs) == 0 {
			if err := a.st.Transact(ctx, func(tx *store.Tx) error { return tx.UpdateUser(ctx, u) }); err != nil {
				a.fail(w, r, err)
				return
			}
		}
	}
	if len(errs) > 0 {
		a.render(w, r, http.StatusUnprocessableEntity, "user", u.Email, userData{User: u, Self: self, Errors: errs})
		return
	}
	redirect(w, r, "/admin/users", "user")
}

type tokensData struct {
	Tokens  []*store.Token
	Secret  string // shown once, just after creation
	Created *store.Token
	Errors  map[string]string
}

func (a *Admin) tokensPage(w http.ResponseWriter, r *http.Request) {
	a.renderTokens(w, r, http.StatusOK, tokensData{})
}

func (a *Admin) renderTokens(w http.ResponseWriter, r *http.Request, status int, d tokensData) {
	tokens, err := a.st.Tokens(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	d.Tokens = tokens
	a.render(w, r, status, "tokens", "API tokens", d)
}

// createToken makes an API token and shows its secret once: only its hash
// is stored.
func (a *Admin) createToken(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		a.fail(w, r, err)
		return
	}
	t := &store.Token{Name: strings.TrimSpace(r.PostForm.Get("name")), Scope: r.PostForm.Get("scope"), CreatedBy: auth.From(r.Context()).User.ID}
	errs := map[string]string{}
	if t.Name == "" || len(t.Name) > 100 {
		errs["name"] = "Name the token after what will use it (up to 100 characters), such as “IATI publisher”."
	}
	if t.Scope != auth.ScopeRead && t.Scope != auth.ScopeWrite {
		errs["scope"] = "Choose read or read-write."
	}
	if len(errs) > 0 {
		a.renderTokens(w, r, http.StatusUnprocessableEntity, tokensData{Errors: errs})
		return
	}
	secret, hash := auth.NewSecret("lia_")
	if err := a.st.Transact(r.Context(), func(tx *store.Tx) error { return tx.CreateToken(r.Context(), t, hash) }); err != nil {
		a.fail(w, r, err)
		return
	}
	t.CreatedAt = time.Now()
	a.renderTokens(w, r, http.StatusCreated, tokensData{Secret: secret, Created: t})
}

func (a *Admin) revokeToken(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.st.Transact(r.Context(), func(tx *store.Tx) error { return tx.RevokeToken(r.Context(), id) }); err != nil {
		a.fail(w, r, err)
		return
	}
	redirect(w, r, "/admin/tokens", "revoked")
}
