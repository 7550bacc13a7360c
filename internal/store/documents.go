package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
)

// Document is a file attached to a project, an event or a publication.
type Document struct {
	ID          int64
	OwnerType   string // project, event, publication
	OwnerID     int64
	Status      registry.Status
	Title       string
	Filename    string
	ContentType string
	Size        int64
	SHA256      string
	CreatedAt   time.Time
	CreatedBy   int64
}

// DocumentOwners are the record types documents attach to.
var DocumentOwners = map[string]recordType{"project": projects, "event": events, "publication": publications}

const documentColumns = "id, owner_type, owner_id, status, title, filename, content_type, size, sha256, created_at, created_by"

func scanDocument(row interface{ Scan(...any) error }) (*Document, error) {
	var d Document
	var at string
	if err := row.Scan(&d.ID, &d.OwnerType, &d.OwnerID, &d.Status, &d.Title, &d.Filename, &d.ContentType, &d.Size, &d.SHA256, &at, idCol{&d.CreatedBy}); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, registry.ErrNotFound
		}
		return nil, err
	}
	d.CreatedAt, _ = time.Parse(time.RFC3339, at)
	return &d, nil
}

// AddDocument attaches a file to its owner; d.ID is set.
func (tx *Tx) AddDocument(ctx context.Context, d *Document, data []byte) error {
	t, ok := DocumentOwners[d.OwnerType]
	if !ok {
		return registry.Invalid("owner_type", d.OwnerType, "is not a record documents attach to; expected project, event or publication")
	}
	if ok, err := tx.exists(ctx, t, d.OwnerID); err != nil {
		return err
	} else if !ok {
		return registry.ErrNotFound
	}
	if d.Status == "" {
		d.Status = registry.Draft
	}
	a := actorOf(ctx)
	err := tx.q.QueryRowContext(ctx, `INSERT INTO documents (owner_type, owner_id, status, title, filename, content_type, size, sha256, data, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		d.OwnerType, d.OwnerID, d.Status, d.Title, d.Filename, d.ContentType, d.Size, d.SHA256, data, nowUTC(), idArg(a.UserID)).Scan(&d.ID)
	if err != nil {
		return err
	}
	return tx.logAccountChange(ctx, "document", d.ID, ActionCreate, "", fmt.Sprintf("%q (%s, %d bytes) attached to %s %d", d.Filename, d.ContentType, d.Size, d.OwnerType, d.OwnerID))
}

// Documents lists the files attached to a record, oldest first.
func (c Reader) Documents(ctx context.Context, ownerType string, ownerID int64) ([]*Document, error) {
	rows, err := c.q.QueryContext(ctx, "SELECT "+documentColumns+" FROM documents WHERE owner_type = $1 AND owner_id = $2 ORDER BY id", ownerType, ownerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Document returns a document's description.
func (c Reader) Document(ctx context.Context, id int64) (*Document, error) {
	return scanDocument(c.q.QueryRowContext(ctx, "SELECT "+documentColumns+" FROM documents WHERE id = $1", id))
}

// DocumentData returns a document's bytes.
func (c Reader) DocumentData(ctx context.Context, id int64) ([]byte, error) {
	var data []byte
	err := c.q.QueryRowContext(ctx, "SELECT data FROM documents WHERE id = $1", id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, registry.ErrNotFound
	}
	return data, err
}

// UpdateDocument changes a document's title and status.
func (tx *Tx) UpdateDocument(ctx context.Context, id int64, title string, status registry.Status) error {
	if status != registry.Draft && status != registry.Published {
		return registry.Invalid("status", status, "is not a status; expected draft or published")
	}
	before, err := tx.Document(ctx, id)
	if err != nil {
		return err
	}
	if _, err := tx.q.ExecContext(ctx, "UPDATE documents SET title = $1, status = $2 WHERE id = $3", title, status, id); err != nil {
		return err
	}
	return tx.logAccountChange(ctx, "document", id, ActionUpdate, "", fmt.Sprintf("%q: %s → %s", before.Filename, before.Status, status))
}

// DeleteDocument removes a document.
func (tx *Tx) DeleteDocument(ctx context.Context, id int64) error {
	d, err := tx.Document(ctx, id)
	if err != nil {
		return err
	}
	if _, err := tx.q.ExecContext(ctx, "DELETE FROM documents WHERE id = $1", id); err != nil {
		return err
	}
	return tx.logAccountChange(ctx, "document", id, ActionDelete, "", fmt.Sprintf("%q removed from %s %d", d.Filename, d.OwnerType, d.OwnerID))
}
