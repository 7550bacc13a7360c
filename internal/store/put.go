package store

import (
	"context"

	"github.com/liaison-registry/liaison/internal/registry"
)

// The Put methods write a record by id, as an import does: a record with
// no id, or an id the registry does not have, is created (keeping that
// id); one whose id exists replaces it.

func (tx *Tx) isNew(ctx context.Context, t recordType, id int64) (bool, error) {
	if id <= 0 {
		return true, nil
	}
	ok, err := tx.exists(ctx, t, id)
	return !ok, err
}

func (tx *Tx) PutInstitution(ctx context.Context, in *registry.Institution) ([]registry.FieldError, error) {
	create, err := tx.isNew(ctx, institutions, in.ID)
	if err != nil {
		return nil, err
	}
	return tx.saveInstitution(ctx, in, create)
}

func (tx *Tx) PutPerson(ctx context.Context, p *registry.Person) ([]registry.FieldError, error) {
	create, err := tx.isNew(ctx, people, p.ID)
	if err != nil {
		return nil, err
	}
	return tx.savePerson(ctx, p, create)
}

func (tx *Tx) PutProgramme(ctx context.Context, p *registry.Programme) ([]registry.FieldError, error) {
	create, err := tx.isNew(ctx, programmes, p.ID)
	if err != nil {
		return nil, err
	}
	return tx.saveProgramme(ctx, p, create)
}

func (tx *Tx) PutPartnership(ctx context.Context, p *registry.Partnership) ([]registry.FieldError, error) {
	create, err := tx.isNew(ctx, partnerships, p.ID)
	if err != nil {
		return nil, err
	}
	return tx.savePartnership(ctx, p, create)
}

func (tx *Tx) PutProject(ctx context.Context, p *registry.Project) ([]registry.FieldError, error) {
	create, err := tx.isNew(ctx, projects, p.ID)
	if err != nil {
		return nil, err
	}
	return tx.saveProject(ctx, p, create)
}

func (tx *Tx) PutEvent(ctx context.Context, e *registry.Event) ([]registry.FieldError, error) {
	create, err := tx.isNew(ctx, events, e.ID)
	if err != nil {
		return nil, err
	}
	return tx.saveEvent(ctx, e, create)
}

func (tx *Tx) PutPublication(ctx context.Context, p *registry.Publication) ([]registry.FieldError, error) {
	create, err := tx.isNew(ctx, publications, p.ID)
	if err != nil {
		return nil, err
	}
	return tx.savePublication(ctx, p, create)
}
