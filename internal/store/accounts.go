package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
)

// User is a staff account.
type User struct {
	ID                int64
	Email             string
	Name              string
	Role              string // viewer, editor, admin
	PasswordHash      string
	Disabled          bool
	CreatedAt         time.Time
	PasswordChangedAt time.Time
}

// Label is how the user is named in the history.
func (u *User) Label() string {
	if u.Name != "" {
		return u.Name + " <" + u.Email + ">"
	}
	return u.Email
}

const userColumns = "id, email, name, role, password_hash, disabled, created_at, password_changed_at"

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var disabled int
	var created, changed string
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &disabled, &created, &changed); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, registry.ErrNotFound
		}
		return nil, err
	}
	u.Disabled = disabled != 0
	u.CreatedAt, _ = time.Parse(time.RFC3339, created)
	u.PasswordChangedAt, _ = time.Parse(time.RFC3339, changed)
	return &u, nil
}

// NormalizeEmail is the form in which addresses are stored and compared.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// User returns the account with id.
func (c Reader) User(ctx context.Context, id int64) (*User, error) {
	return scanUser(c.q.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE id = $1", id))
}

// UserByEmail returns the account with the address, in any case.
func (c Reader) UserByEmail(ctx context.Context, email string) (*User, error) {
	return scanUser(c.q.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE email = $1", NormalizeEmail(email)))
}

// Users lists every account by address.
func (c Reader) Users(ctx context.Context) ([]*User, error) {
	rows, err := c.q.QueryContext(ctx, "SELECT "+userColumns+" FROM users ORDER BY email")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CreateUser adds an account; u.ID is set. An address already in use is a
// conflict.
func (tx *Tx) CreateUser(ctx context.Context, u *User) error {
	u.Email = NormalizeEmail(u.Email)
	if _, err := tx.UserByEmail(ctx, u.Email); err == nil {
		return &registry.ConflictError{Message: fmt.Sprintf("there is already an account for %s", u.Email)}
	} else if !errors.Is(err, registry.ErrNotFound) {
		return err
	}
	now := nowUTC()
	err := tx.q.QueryRowContext(ctx, `INSERT INTO users (email, name, role, password_hash, disabled, created_at, password_changed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, u.Email, u.Name, u.Role, u.PasswordHash, boolArg(u.Disabled), now).Scan(&u.ID)
	if err != nil {
		return err
	}
	return tx.logAccountChange(ctx, "user", u.ID, ActionCreate, "", fmt.Sprintf("%s, role %s", u.Email, u.Role))
}

// UpdateUser saves an account's name, role and disabled flag. Disabling
// an account ends its sessions.
func (tx *Tx) UpdateUser(ctx context.Context, u *User) error {
	before, err := tx.User(ctx, u.ID)
	if err != nil {
		return err
	}
	if _, err := tx.q.ExecContext(ctx, "UPDATE users SET name = $1, role = $2, disabled = $3 WHERE id = $4", u.Name, u.Role, boolArg(u.Disabled), u.ID); err != nil {
		return err
	}
	if u.Disabled {
		if _, err := tx.q.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1", u.ID); err != nil {
			return err
		}
	}
	var what []string
	if before.Role != u.Role {
		what = append(what, fmt.Sprintf("role %s → %s", before.Role, u.Role))
	}
	if before.Disabled != u.Disabled {
		what = append(what, map[bool]string{true: "disabled", false: "enabled"}[u.Disabled])
	}
	if before.Name != u.Name {
		what = append(what, "name changed")
	}
	if len(what) == 0 {
		return nil
	}
	return tx.logAccountChange(ctx, "user", u.ID, ActionUpdate, "", before.Email+": "+strings.Join(what, ", "))
}

// SetPassword stores a new password hash and ends every session of the
// account except keep (the one that made the change, if any).
func (tx *Tx) SetPassword(ctx context.Context, userID int64, hash, keepSession string) error {
	res, err := tx.q.ExecContext(ctx, "UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3", hash, nowUTC(), userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return registry.ErrNotFound
	}
	if _, err := tx.q.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2", userID, keepSession); err != nil {
		return err
	}
	return tx.logAccountChange(ctx, "user", userID, ActionUpdate, "", "password changed")
}

// logAccountChange records changes to accounts and tokens in the same
// history as records, with a description instead of record JSON (a
// password hash is never copied there).
func (tx *Tx) logAccountChange(ctx context.Context, kind string, id int64, action, note, what string) error {
	a := actorOf(ctx)
	if note == "" {
		note = what
	}
	_, err := tx.q.ExecContext(ctx, `INSERT INTO changes (record_type, record_id, version, action, note, user_id, actor, at)
		VALUES ($1, $2, 0, $3, $4, $5, $6, $7)`, kind, id, action, note, idArg(a.UserID), a.Label, nowUTC())
	return err
}

// Session is a signed-in browser.
type Session struct {
	Hash       string
	UserID     int64
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastSeenAt time.Time
}

// CreateSession stores a session under the hash of its secret.
func (tx *Tx) CreateSession(ctx context.Context, s Session) error {
	_, err := tx.q.ExecContext(ctx, "INSERT INTO sessions (id_hash, user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $3)",
		s.Hash, s.UserID, s.CreatedAt.UTC().Format(time.RFC3339), s.ExpiresAt.UTC().Format(time.RFC3339))
	return err
}

// SessionUser returns the session with the hash and its account, when the
// session has not expired and the account is not disabled.
func (c Reader) SessionUser(ctx context.Context, hash string, now time.Time) (*Session, *User, error) {
	var s Session
	var created, expires, seen string
	row := c.q.QueryRowContext(ctx, `SELECT s.id_hash, s.user_id, s.created_at, s.expires_at, s.last_seen_at FROM sessions s
		JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.disabled = 0`, hash, now.UTC().Format(time.RFC3339))
	if err := row.Scan(&s.Hash, &s.UserID, &created, &expires, &seen); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil, registry.ErrNotFound
		}
		return nil, nil, err
	}
	s.CreatedAt, _ = time.Parse(time.RFC3339, created)
	s.ExpiresAt, _ = time.Parse(time.RFC3339, expires)
	s.LastSeenAt, _ = time.Parse(time.RFC3339, seen)
	u, err := c.User(ctx, s.UserID)
	if err != nil {
		return nil, nil, err
	}
	return &s, u, nil
}

// ExtendSession moves a session's expiry on use.
func (tx *Tx) ExtendSession(ctx context.Context, hash string, now, expires time.Time) error {
	_, err := tx.q.ExecContext(ctx, "UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id_hash = $3",
		now.UTC().Format(time.RFC3339), expires.UTC().Format(time.RFC3339), hash)
	return err
}

// DeleteSession ends a session (logout).
func (tx *Tx) DeleteSession(ctx context.Context, hash string) error {
	_, err := tx.q.ExecContext(ctx, "DELETE FROM sessions WHERE id_hash = $1", hash)
	return err
}

// DeleteExpiredSessions removes sessions that ended before now.
func (tx *Tx) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	_, err := tx.q.ExecContext(ctx, "DELETE FROM sessions WHERE expires_at <= $1", now.UTC().Format(time.RFC3339))
	return err
}

// Token is an API token. Its secret is never stored, only its hash.
type Token struct {
	ID         int64
	Name       string
	Scope      string // read, write
	CreatedBy  int64
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// Revoked reports whether the token was revoked.
func (t *Token) Revoked() bool { return !t.RevokedAt.IsZero() }

const tokenColumns = "id, name, scope, created_by, created_at, last_used_at, revoked_at"

func scanToken(row interface{ Scan(...any) error }) (*Token, error) {
	var t Token
	var created, used, revoked string
	if err := row.Scan(&t.ID, &t.Name, &t.Scope, idCol{&t.CreatedBy}, &created, &used, &revoked); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, registry.ErrNotFound
		}
		return nil, err
	}
	t.CreatedAt, _ = time.Parse(time.RFC3339, created)
	t.LastUsedAt, _ = time.Parse(time.RFC3339, used)
	t.RevokedAt, _ = time.Parse(time.RFC3339, revoked)
	return &t, nil
}

// CreateToken stores a token under the hash of its secret.
func (tx *Tx) CreateToken(ctx context.Context, t *Token, secretHash string) error {
	err := tx.q.QueryRowContext(ctx, "INSERT INTO api_tokens (name, secret_hash, scope, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
		t.Name, secretHash, t.Scope, idArg(t.CreatedBy), nowUTC()).Scan(&t.ID)
	if err != nil {
		return err
	}
	return tx.logAccountChange(ctx, "token", t.ID, ActionCreate, "", fmt.Sprintf("%q, scope %s", t.Name, t.Scope))
}

// TokenBySecret returns the live (unrevoked) token with the secret hash.
func (c Reader) TokenBySecret(ctx context.Context, secretHash string) (*Token, error) {
	return scanToken(c.q.QueryRowContext(ctx, "SELECT "+tokenColumns+" FROM api_tokens WHERE secret_hash = $1 AND revoked_at = ''", secretHash))
}

// Tokens lists every token, newest first.
func (c Reader) Tokens(ctx context.Context) ([]*Token, error) {
	rows, err := c.q.QueryContext(ctx, "SELECT "+tokenColumns+" FROM api_tokens ORDER BY id DESC")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes a token for good.
func (tx *Tx) RevokeToken(ctx context.Context, id int64) error {
	res, err := tx.q.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at = ''", nowUTC(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return registry.ErrNotFound
	}
	return tx.logAccountChange(ctx, "token", id, ActionDelete, "", "revoked")
}

// TouchToken records when a token was last used.
func (tx *Tx) TouchToken(ctx context.Context, id int64, now time.Time) error {
	_, err := tx.q.ExecContext(ctx, "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", now.UTC().Format(time.RFC3339), id)
	return err
}

// RecordLoginFailure counts a failed login against subject ("account:x",
// "address:y") and forgets failures older than since.
func (tx *Tx) RecordLoginFailure(ctx context.Context, subjects []string, now, since time.Time) error {
	for _, s := range subjects {
		if _, err := tx.q.ExecContext(ctx, "INSERT INTO login_failures (subject, at) VALUES ($1, $2)", s, stamp(now)); err != nil {
			return err
		}
	}
	_, err := tx.q.ExecContext(ctx, "DELETE FROM login_failures WHERE at < $1", stamp(since))
	return err
}

// LoginFailures counts a subject's failures since a time, and gives the
// earliest of them.
func (c Reader) LoginFailures(ctx context.Context, subject string, since time.Time) (int, time.Time, error) {
	var n int
	var first sql.NullString
	err := c.q.QueryRowContext(ctx, "SELECT COUNT(*), MIN(at) FROM login_failures WHERE subject = $1 AND at >= $2",
		subject, stamp(since)).Scan(&n, &first)
	var t time.Time
	if first.Valid {
		t, _ = time.Parse(stampLayout, first.String)
	}
	return n, t, err
}

// ClearLoginFailures forgets a subject's failures (after a good login).
func (tx *Tx) ClearLoginFailures(ctx context.Context, subject string) error {
	_, err := tx.q.ExecContext(ctx, "DELETE FROM login_failures WHERE subject = $1", subject)
	return err
}

// stampLayout is fixed-width, so that stamps compare correctly as text.
const stampLayout = "2006-01-02T15:04:05.000000Z"

func stamp(t time.Time) string { return t.UTC().Format(stampLayout) }
