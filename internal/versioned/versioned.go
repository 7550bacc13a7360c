// Package versioned keeps what was drawn from one version of the
// registry (a rendered page, a calendar, a count) until the registry
// changes, or, where a cache is given a grace period, until it is older
// than that.
//
// The version is store.Reader.RegistryVersion, read from the database on
// every request: every instance of Liaison behind a load balancer sees
// another's write at once, and drops what it kept (or, within a grace,
// redraws it at most once per grace period however often the registry
// changes).
package versioned

import (
	"runtime"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// Cache maps keys to values drawn at a version of the registry, up to a
// total size; when full, it starts again.
type Cache[V any] struct {
	mu      sync.Mutex
	version int64 // the newest version seen
	items   map[string]entry[V]
	size    int
	max     int
	sizeOf  func(V) int
	drawing singleflight.Group

	grace  time.Duration
	behind time.Duration
	slots  chan struct{} // one per drawing behind readers' backs
	now    func() time.Time
}

type entry[V any] struct {
	value   V
	version int64
	drawn   time.Time
}

// New makes a cache holding values of at most max in all, by sizeOf. A
// value is served only for the version it was drawn at.
func New[V any](max int, sizeOf func(V) int) *Cache[V] {
	return &Cache[V]{max: max, sizeOf: sizeOf, items: map[string]entry[V]{}, now: time.Now}
}

// WithGrace lets Do serve a value drawn less than grace ago by now even
// when the registry has changed since: what a reader is shown is then at
// most grace old, and a value is drawn at most once per grace however
// often the registry changes. Without it (or with 0), a change is seen
// by the next request. It returns c, and is meant for set-up only.
func (c *Cache[V]) WithGrace(grace time.Duration, now func() time.Time) *Cache[V] {
	c.grace = grace
	if now != nil {
		c.now = now
	}
	return c
}

// WithRedrawBehind lets Do, past the grace, serve a value drawn less
// than d ago while it is drawn again behind the reader's back (once for
// all who ask): no reader waits for a drawing while an older value of
// that age is kept. It returns c, and is meant for set-up only.
func (c *Cache[V]) WithRedrawBehind(d time.Duration) *Cache[V] {
	c.behind = d
	// As many drawings behind at once as there are cores: after a write
	// every kept page wants drawing again, and drawn all at once they
	// took every database connection and both cores from the readers
	// they were meant to spare (PostgreSQL's 99th percentile: 1.1 s).
	c.slots = make(chan struct{}, runtime.GOMAXPROCS(0))
	return c
}

// Get returns the value kept for key at exactly version, if any.
func (c *Cache[V]) Get(version int64, key string) (V, bool) {
	v, found := c.lookup(version, key, false)
	return v, found == current
}

// What lookup found.
const (
	missing = iota
	current // of the version, or within the grace
	behind  // older, to serve while it is drawn again
)

func (c *Cache[V]) lookup(version int64, key string, withGrace bool) (V, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	var age time.Duration
	if ok && withGrace && e.version < version {
		age = c.now().Sub(e.drawn)
	}
	switch {
	case !ok:
	case e.version == version:
		return e.value, current
	case !withGrace || e.version > version:
	case age < c.grace:
		return e.value, current
	case age < c.grace+c.behind:
		return e.value, behind
	}
	var zero V
	return zero, missing
}

// Put keeps v for key at version. A value of an older version than the
// newest seen is not kept (it was drawn before a change the cache has
// already seen), nor is a value larger than a tenth of the cache. A newer
// version drops everything kept, but for values still within the grace
// or the time to redraw behind.
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
		c.version = version
		c.dropExpired()
	}
	if old, ok := c.items[key]; ok {
		c.size -= c.sizeOf(old.value)
	}
	if c.size+n > c.max {
		c.items, c.size = map[string]entry[V]{}, 0
	}
	c.items[key] = entry[V]{value: v, version: version, drawn: c.now()}
	c.size += n
}

// dropExpired forgets the values of older versions than the newest that
// neither the grace nor the time to redraw behind covers.
func (c *Cache[V]) dropExpired() {
	keep := c.grace + c.behind
	if keep <= 0 {
		c.items, c.size = map[string]entry[V]{}, 0
		return
	}
	now := c.now()
	for k, e := range c.items {
		if e.version < c.version && now.Sub(e.drawn) >= keep {
			c.size -= c.sizeOf(e.value)
			delete(c.items, k)
		}
	}
}

// Do returns the value kept for key at version (or within the grace),
// or else draws it with draw, once however many ask for it together:
// after a write, the requests that arrive while a page is drawn wait for
// that drawing instead of each drawing it again. draw says whether to
// keep what it drew (a failure is shared with those waiting, not kept).
func (c *Cache[V]) Do(version int64, key string, draw func() (V, bool, error)) (V, error) {
	return c.do(version, key, true, draw)
}

// DoCurrent is Do without the grace: for a reader who must see the
// registry as it is now (the editor who has just published).
func (c *Cache[V]) DoCurrent(version int64, key string, draw func() (V, bool, error)) (V, error) {
	return c.do(version, key, false, draw)
}

func (c *Cache[V]) do(version int64, key string, withGrace bool, draw func() (V, bool, error)) (V, error) {
	kept, found := c.lookup(version, key, withGrace)
	if found == current {
		return kept, nil
	}
	flight := strconv.FormatInt(version, 10) + "\x00" + key
	drawAndKeep := func() (any, error) {
		v, keep, err := draw()
		if err == nil && keep {
			c.Put(version, key, v)
		}
		return v, err
	}
	if found == behind {
		c.redrawBehind(flight, drawAndKeep)
		return kept, nil
	}
	v, err, _ := c.drawing.Do(flight, drawAndKeep)
	return v.(V), err
}

// redrawBehind starts draw in the background unless as many drawings as
// there are slots are under way already: then a later reader asks again
// (past the grace and the time behind, a reader waits for the drawing).
func (c *Cache[V]) redrawBehind(flight string, draw func() (any, error)) {
	select {
	case c.slots <- struct{}{}:
	default:
		return
	}
	done := c.drawing.DoChan(flight, draw)
	go func() {
		<-done
		<-c.slots
	}()
}
