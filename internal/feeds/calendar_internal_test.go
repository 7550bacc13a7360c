package feeds

import (
	"testing"
	"time"
)

// After a write, a calendar drawn within the grace period is served as it
// was (with the version it shows); after it, the calendar is drawn again.
func TestCalendarGrace(t *testing.T) {
	now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	c := &calendarCache{grace: time.Minute, now: func() time.Time { return now }, items: map[string]*drawnCalendar{}}
	draws := 0
	draw := func(version int64) func() (*drawnCalendar, error) {
		return func() (*drawnCalendar, error) {
			draws++
			return &drawnCalendar{version: version, body: []byte("v")}, nil
		}
	}
	get := func(version int64) *drawnCalendar {
		t.Helper()
		cal, err := c.get("all", version, draw(version))
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
	c.grace = 0
	if cal := get(3); cal.version != 3 || draws != 3 {
		t.Fatalf("no grace: version %d, %d draws", cal.version, draws)
	}
	for i := range maxCalendars + 5 {
		if _, err := c.get(string(rune('a'+i)), 3, draw(3)); err != nil {
			t.Fatal(err)
		}
	}
	if len(c.items) > maxCalendars {
		t.Errorf("%d calendars kept, at most %d", len(c.items), maxCalendars)
	}
}
