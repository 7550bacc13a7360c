package versioned

import (
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestCacheKeepsOneVersion(t *testing.T) {
	c := New(100, func(s string) int { return len(s) })
	c.Put(1, "a", "one")
	if v, ok := c.Get(1, "a"); !ok || v != "one" {
		t.Fatalf("Get(1, a) = %q, %v", v, ok)
	}
	if _, ok := c.Get(2, "a"); ok {
		t.Fatal("a value of version 1 served for version 2")
	}
	c.Put(2, "b", "two")
	if _, ok := c.Get(1, "a"); ok {
		t.Fatal("version 1 kept after version 2 arrived")
	}
	c.Put(1, "c", "late") // drawn before version 2
	if _, ok := c.Get(1, "c"); ok {
		t.Fatal("an older version's value kept")
	}
	if v, ok := c.Get(2, "b"); !ok || v != "two" {
		t.Fatalf("Get(2, b) = %q, %v", v, ok)
	}
}

func TestCacheIsBounded(t *testing.T) {
	c := New(100, func(s string) int { return len(s) })
	c.Put(1, "big", string(make([]byte, 11))) // over a tenth
	if _, ok := c.Get(1, "big"); ok {
		t.Fatal("a value over a tenth of the cache was kept")
	}
	for i := range 20 {
		c.Put(1, string(rune('a'+i)), "0123456789")
		if c.size > 100 {
			t.Fatalf("size %d over 100 after %d puts", c.size, i+1)
		}
	}
	c.Put(1, "a", "x")
	c.Put(1, "a", "y")
	if c.size > 100 || c.items["a"].value != "y" {
		t.Fatalf("replacing a value: size %d, a = %q", c.size, c.items["a"].value)
	}
}

// Many asking for the same value together get one drawing.
func TestCacheDrawsOnceForMany(t *testing.T) {
	c := New(100, func(s string) int { return len(s) })
	var draws atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := c.Do(1, "page", func() (string, bool, error) {
				draws.Add(1)
				<-release
				return "drawn", true, nil
			})
			if err != nil {
				t.Error(err)
			}
			got[i] = v
		}()
	}
	time.Sleep(50 * time.Millisecond) // let them all ask
	close(release)
	wg.Wait()
	if n := draws.Load(); n != 1 {
		t.Errorf("%d drawings for 8 requests together", n)
	}
	for _, v := range got {
		if v != "drawn" {
			t.Fatalf("got %q", v)
		}
	}
	if _, err := c.Do(1, "page", func() (string, bool, error) { t.Fatal("drawn again"); return "", false, nil }); err != nil {
		t.Fatal(err)
	}
	// Not kept when draw says so.
	c.Do(1, "error page", func() (string, bool, error) { return "oops", false, nil })
	if _, ok := c.Get(1, "error page"); ok {
		t.Error("a value draw said not to keep was kept")
	}
}

// Within its grace a value drawn at an older version is served, so a
// page is drawn at most once per grace however often the registry
// changes; past it, the next request draws the registry as it is.
func TestCacheGrace(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	c := New(100, func(s string) int { return len(s) }).WithGrace(2*time.Second, func() time.Time { return now })
	draws := 0
	drawAt := func(version int64) func() (string, bool, error) {
		return func() (string, bool, error) { draws++; return "v" + strconv.FormatInt(version, 10), true, nil }
	}
	get := func(version int64) string {
		v, err := c.Do(version, "page", drawAt(version))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := get(1); v != "v1" || draws != 1 {
		t.Fatalf("first request: %q after %d drawings", v, draws)
	}
	now = now.Add(time.Second)
	if v := get(2); v != "v1" || draws != 1 {
		t.Fatalf("a second after, at a newer version: %q after %d drawings; want the kept v1", v, draws)
	}
	if v, err := c.DoCurrent(2, "page", drawAt(2)); err != nil || v != "v2" || draws != 2 {
		t.Fatalf("DoCurrent at version 2 = %q, %v after %d drawings; want v2 drawn", v, err, draws)
	}
	now = now.Add(time.Second)
	if v := get(3); v != "v2" || draws != 2 {
		t.Fatalf("within the grace of v2: %q after %d drawings", v, draws)
	}
	now = now.Add(2 * time.Second)
	if v := get(3); v != "v3" || draws != 3 {
		t.Fatalf("past the grace: %q after %d drawings; want v3 drawn", v, draws)
	}
	if _, ok := c.Get(2, "page"); ok {
		t.Fatal("Get serves an older version's value; it must be exact")
	}
	// A value not asked for again is forgotten once past its grace.
	c.Put(3, "other", "x")
	now = now.Add(3 * time.Second)
	c.Put(4, "page", "v4")
	if _, ok := c.items["other"]; ok {
		t.Fatal("a value past its grace kept after a newer version arrived")
	}
	if c.size != len("v4") {
		t.Fatalf("size %d after dropping; want %d", c.size, len("v4"))
	}
}

// Without a grace a newer version is never served an older value.
func TestCacheWithoutGraceIsExact(t *testing.T) {
	c := New(100, func(s string) int { return len(s) })
	c.Put(1, "page", "v1")
	v, _ := c.Do(2, "page", func() (string, bool, error) { return "v2", true, nil })
	if v != "v2" {
		t.Fatalf("Do at version 2 without a grace = %q", v)
	}
}

// Past the grace, a value drawn less than the grace and the time to
// redraw behind ago is served while it is drawn again behind the
// reader's back, once for all; older than that, the reader waits for the
// drawing.
func TestCacheRedrawBehind(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	c := New(100, func(s string) int { return len(s) }).WithGrace(time.Second, clock).WithRedrawBehind(10 * time.Second)
	var draws atomic.Int32
	release := make(chan struct{})
	draw := func(version int64) func() (string, bool, error) {
		return func() (string, bool, error) {
			draws.Add(1)
			if version == 2 {
				<-release // a slow drawing
			}
			return "v" + strconv.FormatInt(version, 10), true, nil
		}
	}
	if v, _ := c.Do(1, "page", draw(1)); v != "v1" {
		t.Fatalf("first: %q", v)
	}
	advance(2 * time.Second) // past the grace
	for range 3 {
		if v, _ := c.Do(2, "page", draw(2)); v != "v1" {
			t.Fatalf("past the grace, while v2 is drawn: %q; want v1 served at once", v)
		}
	}
	close(release)
	deadline := time.Now().Add(5 * time.Second)
	for {
		if v, ok := c.Get(2, "page"); ok {
			if v != "v2" {
				t.Fatalf("kept after the drawing behind: %q", v)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the drawing behind the readers never kept v2")
		}
		time.Sleep(time.Millisecond)
	}
	if n := draws.Load(); n != 2 {
		t.Errorf("%d drawings; want 2 (v1, then v2 once for the three readers)", n)
	}
	advance(12 * time.Second) // past the grace and the time to redraw behind
	if v, _ := c.Do(3, "page", draw(3)); v != "v3" {
		t.Fatalf("a value older than the grace and the time behind: %q served; want v3 drawn", v)
	}
}

// However many kept values want drawing again after a write, no more are
// drawn behind readers' backs at once than there are cores; the others
// are served as kept, and drawn when asked for again.
func TestCacheRedrawBehindIsBounded(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	c := New(1000, func(s string) int { return len(s) }).WithGrace(time.Second, clock).WithRedrawBehind(time.Minute)
	keys := 4 * runtime.GOMAXPROCS(0)
	for i := range keys {
		c.Put(1, strconv.Itoa(i), "v1")
	}
	mu.Lock()
	now = now.Add(2 * time.Second)
	mu.Unlock()
	var started atomic.Int32
	release := make(chan struct{})
	for i := range keys {
		v, err := c.Do(2, strconv.Itoa(i), func() (string, bool, error) {
			started.Add(1)
			<-release
			return "v2", true, nil
		})
		if err != nil || v != "v1" {
			t.Fatalf("key %d: %q, %v; want the kept v1 at once", i, v, err)
		}
	}
	time.Sleep(50 * time.Millisecond) // let the drawings begin
	if n, most := int(started.Load()), runtime.GOMAXPROCS(0); n == 0 || n > most {
		t.Errorf("%d drawings behind at once for %d keys; want 1 to %d", n, keys, most)
	}
	close(release)
}
