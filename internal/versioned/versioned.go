// Package versioned keeps what was drawn from one version of the
// registry (a rendered page, a calendar) until the registry changes.
//
// The version is store.Reader.RegistryVersion, read from the database on
// every request: every instance of Liaison behind a load balancer sees
// another's write at once, and drops what it kept.
package versioned

import "sync"

// Cache maps keys to values of the newest version it has seen, up to a
// total size; when full, it starts again.
type Cache[V any] struct {
	mu      sync.Mutex
	version int64
	items   map[string]V
	size    int
	max     int
	sizeOf  func(V) int
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
