package store

import (
	"context"
	"fmt"

	"github.com/liaison-registry/liaison/internal/versioned"
)

// countCache remembers counts over the registry (a partner's events per
// instrument, a section's total, the years of the timeline) for as long
// as no record changes (package versioned, as rendered pages are). On a
// network's registry such a count reads a hundred thousand index
// entries, 10 to 30 ms, and the busiest pages ask for several on every
// request; a count kept is one small query.
//
// The registry's version is the id of the newest entry of its history,
// which every write of a record adds to in its own transaction: a reader
// learns of another instance's writes from the database itself, so
// several instances behind a load balancer each keep their own cache and
// never serve a count older than the snapshot they read in.
type countCache = versioned.Cache[any]

// maxCounts bounds the cache: filters come from readers' query strings.
const maxCounts = 4096

func newCountCache() *countCache { return versioned.New(maxCounts, func(any) int { return 1 }) }

// registryVersion is the version of the registry this reader sees,
// read once per reader.
func (c Reader) registryVersion(ctx context.Context) (int64, error) {
	if c.version != nil && *c.version >= 0 {
		return *c.version, nil
	}
	var v int64
	if err := c.q.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM changes").Scan(&v); err != nil {
		return 0, err
	}
	if c.version != nil {
		*c.version = v
	}
	return v, nil
}

// cachedCount returns what compute returns for key, computed once per
// version of the registry (once for all readers that want it together).
// Writes have no cache and always compute. The value returned is shared:
// callers must not change it.
func cachedCount[T any](ctx context.Context, c Reader, key string, compute func() (T, error)) (T, error) {
	if c.counts == nil {
		return compute()
	}
	v, err := c.registryVersion(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	shared, err := c.counts.Do(v, key, func() (any, bool, error) {
		value, err := compute()
		if err != nil {
			return nil, false, err
		}
		if c.version == nil {
			// Not a snapshot: a write may have landed between reading the
			// version and counting. Kept only if none did.
			after, err := c.registryVersion(ctx)
			return value, err == nil && after == v, nil
		}
		return value, true, nil
	})
	if err != nil && ctx.Err() == nil {
		// The reader that counted went away, or failed: count here.
		return compute()
	}
	if err != nil {
		var zero T
		return zero, err
	}
	return shared.(T), nil
}

// countKey names a count by its query and arguments.
func countKey(query string, args []any) string {
	return fmt.Sprintf("%s\x00%v", query, args)
}

// RegistryVersion says which version of the registry a reader sees: it
// changes with every write of a record or of the site's settings, in
// every instance, so what was drawn from one version can be kept until
// it changes.
func (c Reader) RegistryVersion(ctx context.Context) (int64, error) {
	return c.registryVersion(ctx)
}
