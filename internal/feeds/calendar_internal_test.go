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
	if cal := get(2); cal.version != 2 || draws != 2 {
		t.Fatalf("after the grace: version %d, %d draws", cal.version, draws)
	}
	c = newCalendarCache(0, clock)
	get(3)
	if cal := get(4); cal.version != 4 || draws != 4 {
		t.Fatalf("no grace: version %d, %d draws", cal.version, draws)
	}
}
