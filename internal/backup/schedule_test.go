package backup_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/backup"
)

// fakeClock is a clock the test moves: Run's waits are handed to the
// test, which sets the time and ends each wait itself.
type fakeClock struct {
	now     time.Time
	waits   chan chan time.Time
	stopped chan struct{} // closed when the test ends, however it ends
}

func newFakeClock(t *testing.T, now time.Time) *fakeClock {
	c := &fakeClock{now: now, waits: make(chan chan time.Time), stopped: make(chan struct{})}
	t.Cleanup(func() { close(c.stopped) })
	return c
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	select {
	case c.waits <- ch:
	case <-c.stopped:
	}
	return ch
}

// Every day a backup named by its time, and only the newest three kept;
// files the schedule did not write are never touched.
func TestScheduleKeepsTheNewest(t *testing.T) {
	sqliteOnly(t)
	source := demoFile(t)
	dir := t.TempDir()
	for _, name := range []string{"notes.txt", "liaison-before-upgrade.db"} {
		os.WriteFile(filepath.Join(dir, name), []byte("keep me"), 0o600)
	}
	start := time.Date(2026, 11, 28, 2, 30, 0, 0, time.UTC)
	clock := newFakeClock(t, start)
	var logs bytes.Buffer
	sched := backup.Schedule{DB: source, Dir: dir, Every: 24 * time.Hour, Keep: 3,
		Log: slog.New(slog.NewTextHandler(&logs, nil)), Now: clock.Now, After: clock.After}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- sched.Run(ctx) }()

	day := func(i int) string { return backup.FileName(start.Add(time.Duration(i) * 24 * time.Hour)) }
	for i := range 5 {
		wait := <-clock.waits // backup i is written and old ones deleted
		want := []string{"liaison-before-upgrade.db"}
		for j := max(0, i-2); j <= i; j++ {
			want = append(want, day(j))
		}
		assertOnly(t, dir, append(want, "notes.txt")...)
		if _, err := backup.Check(ctx, filepath.Join(dir, day(i))); err != nil {
			t.Fatalf("backup %d: %v", i, err)
		}
		clock.now = clock.now.Add(24 * time.Hour)
		wait <- clock.now
	}
	<-clock.waits
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run ended with %v; a stop is not an error", err)
	}
	if day(0) != "liaison-20261128T023000Z.db" {
		t.Errorf("file name %s", day(0))
	}
	for _, want := range []string{"backup written", "old backup deleted", "file=" + filepath.Join(dir, day(0)), "scheduled backups stopped"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log does not say %q:\n%s", want, logs.String())
		}
	}
}

// A scheduled backup that fails deletes nothing, and the schedule goes
// on; without Every, Run takes one backup and returns its error.
func TestScheduleFailureDeletesNothing(t *testing.T) {
	sqliteOnly(t)
	source := demoFile(t)
	dir := t.TempDir()
	start := time.Date(2026, 11, 28, 2, 30, 0, 0, time.UTC)
	clock := newFakeClock(t, start)
	once := backup.Schedule{DB: source, Dir: dir, Keep: 1, Now: clock.Now, After: clock.After}
	if err := once.Run(ctx); err != nil {
		t.Fatal(err)
	}
	clock.now = start.Add(time.Hour)
	if err := once.Run(ctx); err != nil {
		t.Fatal(err)
	}
	kept := backup.FileName(clock.now)
	assertOnly(t, dir, kept)

	// The same second again: the name is taken, the backup fails.
	var logs bytes.Buffer
	sched := once
	sched.Every = time.Hour
	sched.Log = slog.New(slog.NewTextHandler(&logs, nil))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- sched.Run(ctx) }()
	wait := <-clock.waits
	assertOnly(t, dir, kept)
	if !strings.Contains(logs.String(), "backup failed") || !strings.Contains(logs.String(), "already exists") {
		t.Fatalf("log: %s", logs.String())
	}
	clock.now = clock.now.Add(time.Hour)
	wait <- clock.now
	<-clock.waits
	assertOnly(t, dir, backup.FileName(clock.now))
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := (backup.Schedule{DB: source, Dir: filepath.Join(dir, "missing")}).Run(ctx); err == nil {
		t.Fatal("a schedule into a missing directory ran")
	}
}
