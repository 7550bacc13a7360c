package feeds

import (
	"testing"
	"time"
)

// After a write, a calendar drawn within the grace period is served as it
// was (with the version it shows); after it, the calendar is drawn again.
func TestCalendarGrace(t *testing.T) {
	now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	draws := 0
	draw := func(version int64) func() (*drawnCalendar, bool, error) {
		return func() (*drawnCalendar, bool, error) {
			draws++
			return &drawnCalendar{version: version, body: []byte("v")}, true, nil
		}
	}
	c := newCalendarCache(time.Minute, clock)
	get := func(version int64) *drawnCalendar {
		t.Helper()
		cal, err := c.Do(version, "all", draw(version))
		if err != nil {
			t.Fatal(err)
		}
		return cal
	}
	if cal := get(1); cal.version != 1 || draws != 1 {
		t.Fatalf("first: version %d, %d draws", cal.version, draws)
	}
	now = now.Add(30 * time.Second)
	if cal := get(2); cal.version != 1 || draws != 1 {
		t.Fatalf("within the grace: version %d, %d draws", cal.version, draws)
	}
	now = now.Add(31 * time.Second)
	if cal := get(2); cal.version != 1 {
		t.Fatalf("past the grace, while it is drawn again behind: version %d served; want 1", cal.version)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		if cal, ok := c.Get(2, "all"); ok && cal.version == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the calendar drawn behind the reader was never kept")
		}
	}
	if cal := get(2); cal.version != 2 || draws != 2 {
		t.Fatalf("after the drawing behind: version %d, %d draws", cal.version, draws)
	}
	now = now.Add(3 * time.Minute)
	if cal := get(3); cal.version != 3 || draws != 3 {
		t.Fatalf("past twice the grace: version %d, %d draws; want it drawn while the reader waits", cal.version, draws)
	}
	c = newCalendarCache(0, clock)
	get(4)
	if cal := get(5); cal.version != 5 || draws != 5 {
		t.Fatalf("no grace: version %d, %d draws", cal.version, draws)
	}
}
