package generate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/liaison-registry/liaison/internal/exchange"
	"github.com/liaison-registry/liaison/internal/files"
	"github.com/liaison-registry/liaison/internal/store"
)

// Options tune Write.
type Options struct {
	// Chunk is the number of records per chunk, each imported in a
	// transaction of its own (DefaultChunk when 0).
	Chunk int
	// Progress, when set, is called after each chunk is written.
	Progress func(Progress)
	// Editor is who the later edits are recorded as made by (in the
	// history); "editor (generated)" when empty. The records themselves
	// are recorded as made by the context's store.Actor.
	Editor string
}

// Progress is how far Write has come.
type Progress struct {
	Records, Total int // records written, of the whole registry
	Documents      int // files attached
	Edits          int // later versions written
	Participations int
	Warnings       int // warnings the import gave (none is expected)
	Chunks         int
	Elapsed        time.Duration
}

// Rate is records written per second.
func (p Progress) Rate() float64 {
	if p.Elapsed <= 0 {
		return 0
	}
	return float64(p.Records) / p.Elapsed.Seconds()
}

// Write generates the registry of the given size (see Network) into st,
// through the real import path: chunk by chunk, each an exchange.Import
// in its own transaction, then its files through AddDocument and its
// later edits through another Import. Generation runs a chunk ahead of
// the import, so at most two chunks are in memory. An error stops it
// after the last chunk committed.
func Write(ctx context.Context, st *store.Store, size Size, opt Options) (Progress, error) {
	stream, err := NewStream(size, opt.Chunk)
	if err != nil {
		return Progress{}, err
	}
	if opt.Editor == "" {
		opt.Editor = "editor (generated)"
	}
	editCtx := store.WithActor(ctx, store.Actor{Label: opt.Editor})
	p := Progress{Total: stream.Total()}
	start := time.Now()

	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan *Chunk, 1)
	go func() {
		defer close(chunks)
		for {
			c := stream.Next()
			if c == nil {
				return
			}
			select {
			case chunks <- c:
			case <-gctx.Done():
				return
			}
		}
	}()
	for c := range chunks {
		res, err := exchange.Import(ctx, st, c.Doc, false)
		if err != nil {
			return p, fmt.Errorf("chunk %d (records %d to %d): %w", c.Index, p.Records+1, p.Records+c.Records(), err)
		}
		p.Warnings += len(res.Warnings)
		if len(c.Files) > 0 {
			err := st.Transact(ctx, func(tx *store.Tx) error {
				for _, f := range c.Files {
					if err := attach(ctx, tx, f); err != nil {
						return fmt.Errorf("%s %d: %s: %w", f.OwnerType, f.OwnerID, f.Filename, err)
					}
				}
				return nil
			})
			if err != nil {
				return p, fmt.Errorf("chunk %d, documents: %w", c.Index, err)
			}
		}
		if c.Edits != nil {
			res, err := exchange.Import(editCtx, st, c.Edits, false)
			if err != nil {
				return p, fmt.Errorf("chunk %d, later edits: %w", c.Index, err)
			}
			p.Warnings += len(res.Warnings)
		}
		p.Records += c.Records()
		p.Documents += len(c.Files)
		p.Edits += c.EditCount()
		p.Participations += c.Participations
		p.Chunks++
		p.Elapsed = time.Since(start)
		if opt.Progress != nil {
			opt.Progress(p)
		}
	}
	if err := ctx.Err(); err != nil {
		return p, err
	}
	// Chunks under the import's own threshold leave the planner's
	// statistics as they were.
	if err := st.Analyze(ctx); err != nil {
		return p, err
	}
	p.Elapsed = time.Since(start)
	return p, nil
}

// attach adds a file as an upload does: its type sniffed from its bytes.
func attach(ctx context.Context, tx *store.Tx, f File) error {
	ct, err := files.Sniff(f.Data)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(f.Data)
	return tx.AddDocument(ctx, &store.Document{OwnerType: f.OwnerType, OwnerID: f.OwnerID, Title: f.Title, Filename: files.CleanName(f.Filename),
		ContentType: ct, Size: int64(len(f.Data)), SHA256: hex.EncodeToString(sum[:]), Status: f.Status}, f.Data)
}
