package main

import (
	"strings"
	"testing"
	"time"
)

// These tests need no server; the load runs themselves are never part of
// go test.

func TestPercentile(t *testing.T) {
	var lat []time.Duration
	for i := 1; i <= 100; i++ {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{0.5, 50 * time.Millisecond}, {0.9, 90 * time.Millisecond}, {0.99, 99 * time.Millisecond}, {1, 100 * time.Millisecond}} {
		if got := percentile(lat, c.p); got != c.want {
			t.Errorf("percentile(%v) = %v, want %v", c.p, got, c.want)
		}
	}
	if got := percentile(lat[:1], 0.99); got != time.Millisecond {
		t.Errorf("percentile of one = %v", got)
	}
}

func TestFailure(t *testing.T) {
	for _, c := range []struct {
		code      int
		transport string
		body      string
		want      string
	}{
		{200, "", "", ""},
		{304, "", "", ""},
		{303, "", "", ""},
		{0, "dial tcp: connection refused", "", "dial tcp: connection refused"},
		{503, "", "database\n unavailable", "503 Service Unavailable: database unavailable"},
		{409, "", "", "409 Conflict"},
	} {
		if got := failure(c.code, c.transport, []byte(c.body)); got != c.want {
			t.Errorf("failure(%d, %q) = %q, want %q", c.code, c.transport, got, c.want)
		}
	}
}

func TestCollector(t *testing.T) {
	c := newCollector()
	start := time.Now()
	for i := range 10 {
		msg := ""
		if i >= 8 {
			msg = "500 Internal Server Error"
		}
		code := 200
		if msg != "" {
			code = 500
		}
		c.add("r", start.Add(time.Duration(i)*100*time.Millisecond), 10*time.Millisecond, code, msg)
	}
	s := c.routes["r"].stats("r")
	if s.Requests != 10 || s.Errors != 2 || s.Codes["200"] != 8 || s.Codes["500"] != 2 || len(s.ErrorSamples) != 1 {
		t.Errorf("stats = %+v", s)
	}
	if s.Rate < 9.9 || s.Rate > 10.1 {
		t.Errorf("rate = %v, want 10/s", s.Rate)
	}
	if s.Throughput < 8 || s.Throughput > 9 {
		t.Errorf("throughput = %v, want 8 successes over 0.91 s", s.Throughput)
	}
}

func TestFollow(t *testing.T) {
	tg := &targets{next: make(chan string, 4)}
	tg.follow(`<http://127.0.0.1:9/api/v1/events?cursor=abc&kind=seminar&limit=20&year=2011>; rel="next"`)
	tg.follow(`</api/v1/events?cursor=def>; rel="next", </api/v1/events>; rel="first"`)
	tg.follow(``)
	if got := <-tg.next; got != "/api/v1/events?cursor=abc&kind=seminar&limit=20&year=2011" {
		t.Errorf("first link = %q", got)
	}
	if got := <-tg.next; got != "/api/v1/events?cursor=def" {
		t.Errorf("second link = %q", got)
	}
	if len(tg.next) != 0 {
		t.Errorf("%d links more than sent", len(tg.next))
	}
}

func TestMix(t *testing.T) {
	w, err := parseMix("feed=0,feed-conditional=2")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(mixOrder(w), ","); got != "cooperation,project,search,events,feed-conditional" {
		t.Errorf("mix order = %s", got)
	}
	tg := &targets{cooperation: "/c", projects: []string{"/p"}, searches: []string{"/s"}, eventLists: []string{"/e"}, feed: "/f", feedETag: `W/"1"`, next: make(chan string, 1)}
	next := tg.mixed(w)
	seen := map[string]int{}
	for range 12 {
		seen[next().route]++
	}
	if seen["feed-conditional"] != 4 || seen["cooperation"] != 2 || seen["feed"] != 0 {
		t.Errorf("12 mixed requests: %v", seen)
	}
	for _, bad := range []string{"nope=1", "feed", "feed=-1", "cooperation=0,project=0,search=0,events=0,feed=0"} {
		if _, err := parseMix(bad); err == nil {
			t.Errorf("parseMix(%q) accepted", bad)
		}
	}
}

func TestFlags(t *testing.T) {
	var out strings.Builder
	cfg, err := parseFlags([]string{"--routes", "search,mixed", "--rate", "50"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(cfg.routes, ",") != "search,mixed" || cfg.rate != 50 || cfg.duration != 30*time.Second || cfg.events != 10000 {
		t.Errorf("cfg = %+v", cfg)
	}
	for _, bad := range [][]string{{"--routes", "home"}, {"--postgres", "--db", "postgres://x@y/z"}, {"--institutions", "3"}, {"--rate", "0"}} {
		if _, err := parseFlags(bad, &out); err == nil {
			t.Errorf("parseFlags(%q) accepted", bad)
		}
	}
}

func TestLogField(t *testing.T) {
	line := `time=2026-11-29T05:23:09.891Z level=ERROR msg="calendar failed while being written" path=/feeds/events.ics err="begin read: context canceled" id=7`
	if got := logField(line, "msg"); got != `"calendar failed while being written"` {
		t.Errorf("msg = %s", got)
	}
	if got := logField(line, "path"); got != "/feeds/events.ics" {
		t.Errorf("path = %s", got)
	}
	if got := logField(line, "nope"); got != "" {
		t.Errorf("nope = %s", got)
	}
}
