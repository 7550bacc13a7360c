// Package versioned keeps what was drawn from one version of the
// registry (a rendered page, a calendar) until the registry changes.
//
// The version is store.Reader.RegistryVersion, read from the database on
// every request: every instance of Liaison behind a load balancer sees
// another's write at once, and drops what it kept.
package versioned

import (
	"strconv"
	"sync"

	"golang.org/x/sync/singleflight"
)

// Cache maps keys to values of the newest version it has seen, up to a
// total size; when full, it starts again.
type Cache[V any] struct {
	mu      sync.Mutex
	version int64
	items   map[string]V
	size    int
	max     int
	sizeOf  func(V) int
	drawing singleflight.Group
}

// New makes a cache holding values of at most max in all, by sizeOf.
func New[V any](max int, sizeOf func(V) int) *Cache[V] {
	return &Cache[V]{max: max, sizeOf: sizeOf, items: map[string]V{}}
}

// Get returns the value kept for key at version, if any.
func (c *Cache[V]) Get(version int64, key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version != c.version {
		var zero V
		return zero, false
	}
	v, ok := c.items[key]
	return v, ok
}

// Put keeps v for key at version: a newer version drops everything kept,
// an older one is not kept (it was drawn before a change the cache has
// already seen), nor is a value larger than a tenth of the cache.
func (c *Cache[V]) Put(version int64, key string, v V) {
	n := c.sizeOf(v)
	if n > c.max/10 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case version < c.version:
		return
	case version > c.version:
		c.version, c.items, c.size = version, map[string]V{}, 0
	}
	if old, ok := c.items[key]; ok {
		c.size -= c.sizeOf(old)
	}
	if c.size+n > c.max {
		c.items, c.size = map[string]V{}, 0
	}
	c.items[key] = v
	c.size += n
}

// Do returns the value kept for key at version, or else draws it with
// draw, once however many ask for it together: after a write, the
// requests that arrive while a page is drawn wait for that drawing
// instead of each drawing it again. draw says whether to keep what it
// drew (a failure is shared with those waiting, not kept).
func (c *Cache[V]) Do(version int64, key string, draw func() (V, bool, error)) (V, error) {
	if v, ok := c.Get(version, key); ok {
		return v, nil
	}
	v, err, _ := c.drawing.Do(strconv.FormatInt(version, 10)+"\x00"+key, func() (any, error) {
		v, keep, err := draw()
		if err == nil && keep {
			c.Put(version, key, v)
		}
		return v, err
	})
	return v.(V), err
}
