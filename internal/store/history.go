package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
)

// Actor is who makes a change: a user, an API token, or the system (an
// import from the command line, the demo loader).
type Actor struct {
	UserID int64
	Label  string // "ana@office.az", "token 3 (IATI sync)", "liaison import"
}

type actorKey struct{}

// WithActor returns a context whose writes are recorded as made by a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

func actorOf(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok && a.Label != "" {
		return a
	}
	return Actor{Label: "system"}
}

// Change is one entry of a record's history.
type Change struct {
	ID         int64
	RecordType string
	RecordID   int64
	Version    int
	Action     string // create, update, delete, restore
	Note       string
	UserID     int64
	Actor      string
	At         time.Time
	Before     json.RawMessage // null for a creation
	After      json.RawMessage // null for a deletion
}

// The actions a change records.
const (
	ActionCreate  = "create"
	ActionUpdate  = "update"
	ActionDelete  = "delete"
	ActionRestore = "restore"
)

type noteKey struct{}

// WithNote returns a context whose next writes carry a note in the
// history ("restored version 3").
func WithNote(ctx context.Context, note string) context.Context {
	return context.WithValue(ctx, noteKey{}, note)
}

// metaRecord is a registry record: it has an id, slug, status and version.
type metaRecord[T any] interface {
	*T
	GetMeta() *registry.Meta
}

// prepare is the first step of every record write. For a creation it
// checks that a given id is free; for an update it loads the record being
// replaced (ErrNotFound when there is none) and refuses the edit when it
// was made on an older version.
func prepare[T any, PT metaRecord[T]](ctx context.Context, tx *Tx, t recordType, rec PT, create bool, get func(context.Context, int64) (*T, error)) (before PT, err error) {
	m := rec.GetMeta()
	if m.ID < 0 {
		return nil, registry.Invalid("id", m.ID, "must be a positive number")
	}
	if create {
		if m.ID != 0 {
			ok, err := tx.exists(ctx, t, m.ID)
			if err != nil {
				return nil, err
			}
			if ok {
				return nil, &registry.ConflictError{Message: fmt.Sprintf("%s %d already exists", t.noun, m.ID)}
			}
		}
		return nil, nil
	}
	if m.ID == 0 {
		return nil, registry.ErrNotFound
	}
	current, err := get(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	before = PT(current)
	if m.Version != 0 && m.Version != before.GetMeta().Version {
		return nil, tx.stale(ctx, t, m.ID, m.Version, before.GetMeta().Version)
	}
	if m.Slug == "" {
		// An update without a slug keeps the one the record has, so that
		// its public address does not change behind the editor's back.
		m.Slug = before.GetMeta().Slug
	}
	return before, nil
}

// stale builds the error for an edit made on version given of a record
// now at version current, naming who saved the current version.
func (tx *Tx) stale(ctx context.Context, t recordType, id int64, given, current int) error {
	e := &registry.StaleError{Type: t.noun, ID: id, Given: given, Current: current}
	var at string
	err := tx.q.QueryRowContext(ctx, "SELECT actor, at FROM changes WHERE record_type = $1 AND record_id = $2 ORDER BY id DESC LIMIT 1", t.noun, id).Scan(&e.By, &at)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	e.At = at
	return e
}

// unchanged reports whether an update would store exactly what is
// stored: then nothing is written, no version is spent and the history
// stays free of empty entries (importing the same document twice is a
// no-op).
func unchanged[T any, PT metaRecord[T]](before, rec PT) bool {
	if before == nil {
		return false
	}
	m, prev := rec.GetMeta(), before.GetMeta()
	version, status := m.Version, m.Status
	m.Version = prev.Version
	if m.Status == "" {
		m.Status = prev.Status
	}
	same := jsonOf(before) == jsonOf(rec)
	if !same {
		m.Version, m.Status = version, status
	}
	return same
}

// writeRecord writes a record's own row and logs the change: an INSERT
// (with the id given, or setting the new id) for a creation, an UPDATE
// guarded by the version read in prepare for an update. A creation without
// a status is a draft; an update without one keeps the record's status.
// The write that first makes a record published sets its published_at,
// which later writes keep (see migration 0004).
func writeRecord[T any, PT metaRecord[T]](ctx context.Context, tx *Tx, t recordType, rec PT, before PT, cols []string, args []any) error {
	m := rec.GetMeta()
	at := time.Now().UTC()
	now := at.Format(time.RFC3339)
	if before == nil {
		if m.Status == "" {
			m.Status = registry.Draft
		}
		if m.Version <= 0 {
			m.Version = 1
		}
		cols = append(cols, "status", "version", "updated_at")
		args = append(args, m.Status, m.Version, now)
		if m.Status == registry.Published {
			cols = append(cols, "published_at")
			args = append(args, publishedTime(at))
		}
		if m.ID != 0 {
			tx.explicitIDs[t.table] = true
			_, err := tx.q.ExecContext(ctx, fmt.Sprintf("INSERT INTO %s (%s, id) VALUES (%s)", t.table, joinCols(cols), placeholders(1, len(cols)+1)), append(args, m.ID)...)
			return err
		}
		if tx.explicitIDs[t.table] {
			// Ids were given earlier in this transaction: move the
			// sequence past them before it hands out the next.
			if err := tx.dialect.fixSequences(ctx, tx.q, []string{t.table}); err != nil {
				return err
			}
			delete(tx.explicitIDs, t.table)
		}
		return tx.q.QueryRowContext(ctx, fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s) RETURNING id", t.table, joinCols(cols), placeholders(1, len(cols))), args...).Scan(&m.ID)
	}
	prev := before.GetMeta()
	if m.Status == "" {
		m.Status = prev.Status
	}
	m.Version = prev.Version + 1
	cols = append(cols, "status", "version", "updated_at")
	args = append(args, m.Status, m.Version, now)
	sets := ""
	for i, c := range cols {
		if i > 0 {
			sets += ", "
		}
		sets += fmt.Sprintf("%s = $%d", c, i+1)
	}
	if m.Status == registry.Published {
		// Only the first publication counts; a record published before
		// keeps its time, whatever its status was in between.
		args = append(args, publishedTime(at))
		sets += fmt.Sprintf(", published_at = CASE WHEN published_at = '' THEN $%d ELSE published_at END", len(args))
	}
	res, err := tx.q.ExecContext(ctx, fmt.Sprintf("UPDATE %s SET %s WHERE id = $%d AND version = $%d", t.table, sets, len(args)+1, len(args)+2),
		append(args, m.ID, prev.Version)...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		// Another transaction saved it between our read and our write.
		var current int
		if err := tx.q.QueryRowContext(ctx, fmt.Sprintf("SELECT version FROM %s WHERE id = $1", t.table), m.ID).Scan(&current); err != nil {
			return err
		}
		return tx.stale(ctx, t, m.ID, prev.Version, current)
	}
	return nil
}

func joinCols(cols []string) string {
	out := ""
	for i, c := range cols {
		if i > 0 {
			out += ", "
		}
		out += c
	}
	return out
}

// logChange records a change to a record in its history, in the
// transaction that makes it. before is nil for a creation, after nil for
// a deletion.
func logChange[T any, PT metaRecord[T]](ctx context.Context, tx *Tx, t recordType, before, after PT) error {
	action, id, version := ActionUpdate, int64(0), 0
	switch {
	case before == nil:
		action, id, version = ActionCreate, after.GetMeta().ID, after.GetMeta().Version
	case after == nil:
		action, id, version = ActionDelete, before.GetMeta().ID, before.GetMeta().Version+1
	default:
		id, version = after.GetMeta().ID, after.GetMeta().Version
	}
	note, _ := ctx.Value(noteKey{}).(string)
	if note != "" && action == ActionUpdate {
		action = ActionRestore
	}
	a := actorOf(ctx)
	_, err := tx.q.ExecContext(ctx, `INSERT INTO changes (record_type, record_id, version, action, note, user_id, actor, at, before_json, after_json)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		t.noun, id, version, action, note, idArg(a.UserID), a.Label, nowUTC(), jsonOf(before), jsonOf(after))
	if err != nil {
		return err
	}
	// Every record write passes here: the search index follows it.
	if after == nil {
		tx.forget(t, id)
		return tx.afterWrite(ctx, t, id, nil, false)
	}
	tx.remember(t, id)
	return tx.afterWrite(ctx, t, id, after, before == nil)
}

// jsonOf is a record as a column value: its JSON, or NULL for none.
func jsonOf[T any, PT metaRecord[T]](rec PT) any {
	if rec == nil {
		return nil
	}
	b, err := json.Marshal(rec)
	if err != nil {
		panic(err) // registry records always encode
	}
	return string(b)
}

// deleteRecord deletes a record nothing refers to, and logs it.
func deleteRecord[T any, PT metaRecord[T]](ctx context.Context, tx *Tx, t recordType, id int64, holders []holder, get func(context.Context, int64) (*T, error)) error {
	current, err := get(ctx, id)
	if err != nil {
		return err
	}
	if err := tx.refuseIfHeld(ctx, t, id, holders); err != nil {
		return err
	}
	if _, err := tx.q.ExecContext(ctx, fmt.Sprintf("DELETE FROM %s WHERE id = $1", t.table), id); err != nil {
		return err
	}
	return logChange(ctx, tx, t, PT(current), nil)
}

const changeColumns = "id, record_type, record_id, version, action, note, user_id, actor, at, before_json, after_json"

func scanChange(row interface{ Scan(...any) error }) (Change, error) {
	var c Change
	var at string
	var before, after sql.NullString
	err := row.Scan(&c.ID, &c.RecordType, &c.RecordID, &c.Version, &c.Action, &c.Note, idCol{&c.UserID}, &c.Actor, &at, &before, &after)
	if err != nil {
		return c, err
	}
	c.At, _ = time.Parse(time.RFC3339, at)
	if before.Valid {
		c.Before = json.RawMessage(before.String)
	}
	if after.Valid {
		c.After = json.RawMessage(after.String)
	}
	return c, nil
}

// History lists a record's changes, newest first.
func (c Reader) History(ctx context.Context, recordType string, id int64) ([]Change, error) {
	rows, err := c.q.QueryContext(ctx, "SELECT "+changeColumns+" FROM changes WHERE record_type = $1 AND record_id = $2 ORDER BY id DESC", recordType, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		ch, err := scanChange(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, rows.Err()
}

// Changes lists the most recent changes to any record, newest first.
func (c Reader) Changes(ctx context.Context, limit, offset int) ([]Change, error) {
	rows, err := c.q.QueryContext(ctx, "SELECT "+changeColumns+" FROM changes ORDER BY id DESC LIMIT $1 OFFSET $2", limit, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		ch, err := scanChange(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, rows.Err()
}

// ChangeAt returns the change that made version of a record.
func (c Reader) ChangeAt(ctx context.Context, recordType string, id int64, version int) (*Change, error) {
	row := c.q.QueryRowContext(ctx, "SELECT "+changeColumns+" FROM changes WHERE record_type = $1 AND record_id = $2 AND version = $3 ORDER BY id DESC LIMIT 1", recordType, id, version)
	ch, err := scanChange(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, registry.ErrNotFound
	}
	return &ch, err
}
