package versioned

import (
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
	if c.size > 100 || c.items["a"] != "y" {
		t.Fatalf("replacing a value: size %d, a = %q", c.size, c.items["a"])
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
