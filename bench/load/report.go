package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// Report is everything a run measured; --json writes it as it is.
type Report struct {
	Started     string        `json:"started"`
	Machine     Machine       `json:"machine"`
	Database    Database      `json:"database"`
	Rate        int           `json:"rate_per_second"`
	Duration    string        `json:"duration_per_run"`
	Warmup      string        `json:"warmup_per_run"`
	MaxInFlight uint64        `json:"max_in_flight"`
	Timeout     string        `json:"timeout"`
	Targets     Targets       `json:"targets"`
	Runs        []*RunResult  `json:"runs"`
	Server      ServerSummary `json:"server"`
}

type Machine struct {
	Cores     int     `json:"cores"`
	CPU       string  `json:"cpu"`
	MemoryGB  float64 `json:"memory_gb"`
	Kernel    string  `json:"kernel"`
	GoVersion string  `json:"go_version"`
	OS        string  `json:"os"`
}

type Database struct {
	Backend   string         `json:"backend"`
	DSN       string         `json:"dsn"`
	Note      string         `json:"note,omitempty"`
	Generated string         `json:"generated"`
	Counts    map[string]int `json:"counts"`
}

type Targets struct {
	Cooperation   string   `json:"cooperation"`
	Projects      []string `json:"projects"`
	Searches      []string `json:"searches"`
	EventLists    []string `json:"event_lists"`
	EventPageSize int      `json:"event_page_size"`
	Feed          string   `json:"feed"`
	FeedSize      string   `json:"feed_size"`
}

// RunResult is one constant-rate run.
type RunResult struct {
	Name      string         `json:"name"`
	Rate      int            `json:"rate_per_second"`
	Duration  string         `json:"duration"`
	Editors   int            `json:"editors,omitempty"`
	WriteRate float64        `json:"writes_per_second_per_editor,omitempty"`
	Mix       map[string]int `json:"mix,omitempty"`
	// SignedInBefore says the editors signed in before the run, not in it.
	SignedInBefore bool          `json:"signed_in_before,omitempty"`
	Routes         []*RouteStats `json:"routes"`
	Memory         MemoryStats   `json:"server"`
}

// RouteStats are one route's figures in a run.
type RouteStats struct {
	Route        string         `json:"route"`
	Requests     int            `json:"requests"`
	Rate         float64        `json:"rate_per_second"`       // requests sent per second
	Throughput   float64        `json:"throughput_per_second"` // successful responses per second
	MeanMs       float64        `json:"mean_ms"`
	P50Ms        float64        `json:"p50_ms"`
	P90Ms        float64        `json:"p90_ms"`
	P99Ms        float64        `json:"p99_ms"`
	MaxMs        float64        `json:"max_ms"`
	Errors       int            `json:"errors"`
	Codes        map[string]int `json:"codes"`
	ErrorSamples []string       `json:"error_samples,omitempty"`
}

// MemoryStats are the server's during one run.
type MemoryStats struct {
	PeakRSSMB  float64  `json:"peak_rss_mb"` // largest VmRSS sampled every 25 ms during the run
	HWMMB      float64  `json:"vm_hwm_mb"`   // VmHWM at the run's end: the peak since the server started
	EndRSSMB   float64  `json:"end_rss_mb"`  // VmRSS at the run's end
	CPUSeconds float64  `json:"cpu_seconds"` // the server's user and system CPU time during the run
	CPU        CPUStats `json:"cpu"`
}

// CPUStats is where the machine's CPU time went during a run, in
// seconds summed over the cores. Other is everything else running on
// the machine: a run with much of it measured a busy machine.
type CPUStats struct {
	Server        float64 `json:"server"`
	Database      float64 `json:"database"`
	LoadGenerator float64 `json:"load_generator"`
	Other         float64 `json:"other"`
}

// ServerSummary is the server's whole life.
type ServerSummary struct {
	StartRSSMB     float64    `json:"start_rss_mb"`
	PeakRSSMB      float64    `json:"peak_rss_mb"`
	MaxRSSAtExitMB float64    `json:"max_rss_at_exit_mb"` // ru_maxrss of the exited process
	LogErrors      int        `json:"log_errors"`
	LogWarnings    int        `json:"log_warnings"`
	LogKinds       []*LogKind `json:"log_kinds,omitempty"` // the first ten kinds of ERROR and WARN lines
	Exit           string     `json:"exit,omitempty"`      // how stopping it failed, if it did
}

// LogKind is one kind of line of the server's log, with how many there
// were and the first.
type LogKind struct {
	Count int    `json:"count"`
	First string `json:"first"`
}

// writeText writes a run's table.
func (r *RunResult) writeText(w io.Writer) {
	title := fmt.Sprintf("%s: %d requests/s for %s", r.Name, r.Rate, r.Duration)
	if r.Editors > 0 {
		title += fmt.Sprintf(" over %s, %d editors writing %.1f/s each", mixText(r.Mix), r.Editors, r.WriteRate)
		if r.SignedInBefore {
			title += " (signed in before the run)"
		}
	}
	fmt.Fprintf(w, "\n== %s\n", title)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "route\trequests\trate/s\tok/s\tp50 ms\tp90 ms\tp99 ms\tmax ms\terrors\t")
	for _, s := range r.Routes {
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%d\t\n", s.Route, s.Requests, s.Rate, s.Throughput, s.P50Ms, s.P90Ms, s.P99Ms, s.MaxMs, s.Errors)
	}
	tw.Flush()
	for _, s := range r.Routes {
		if s.Errors == 0 {
			continue
		}
		fmt.Fprintf(w, "  %s: %d errors (%s); first:\n", s.Route, s.Errors, codes(s.Codes))
		for _, m := range s.ErrorSamples {
			fmt.Fprintf(w, "    %s\n", m)
		}
	}
	cpu := ""
	if d, err := time.ParseDuration(r.Duration); err == nil && d > 0 {
		cpu = fmt.Sprintf(" (%.0f%% of one core)", 100*r.Memory.CPUSeconds/d.Seconds())
	}
	c := r.Memory.CPU
	fmt.Fprintf(w, "server: peak RSS %.0f MB during the run (VmHWM %.0f MB since start), %.1f s of CPU%s\n", r.Memory.PeakRSSMB, r.Memory.HWMMB, r.Memory.CPUSeconds, cpu)
	fmt.Fprintf(w, "CPU seconds: server %.1f, database %.1f, load generator %.1f, other processes %.1f\n", c.Server, c.Database, c.LoadGenerator, c.Other)
}

func codes(c map[string]int) string {
	var parts []string
	for k, n := range c {
		parts = append(parts, fmt.Sprintf("%s: %d", k, n))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// write prints the whole report as Markdown tables to out, and as JSON
// to jsonFile when given.
func (rep *Report) write(out io.Writer, jsonFile string) error {
	m := rep.Machine
	fmt.Fprintf(out, "# liaison serve under load, %s\n\n", rep.Database.Backend)
	fmt.Fprintf(out, "Machine: %d cores (%s), %.0f GB, Linux %s, %s %s. Server, database and load generator share it.\n\n", m.Cores, m.CPU, m.MemoryGB, m.Kernel, m.GoVersion, m.OS)
	fmt.Fprintf(out, "Database: %s %s", rep.Database.Backend, rep.Database.DSN)
	if rep.Database.Note != "" {
		fmt.Fprintf(out, " (%s)", rep.Database.Note)
	}
	fmt.Fprintf(out, "; %s; %s.\n\n", rep.Database.Generated, countsText(rep.Database.Counts))
	fmt.Fprintf(out, "Each run: %d requests/s (constant rate, vegeta) for %s after %s of unmeasured warm-up; at most %d requests in flight; timeout %s. Latency is from sending the request to reading the whole response.\n\n",
		rep.Rate, rep.Duration, rep.Warmup, rep.MaxInFlight, rep.Timeout)
	fmt.Fprintln(out, "| run | route | requests | throughput/s | p50 ms | p90 ms | p99 ms | max ms | errors |")
	fmt.Fprintln(out, "|---|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rep.Runs {
		for _, s := range r.Routes {
			fmt.Fprintf(out, "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %d |\n", r.Name, s.Route, s.Requests, s.Throughput, s.P50Ms, s.P90Ms, s.P99Ms, s.MaxMs, s.Errors)
		}
	}
	fmt.Fprintln(out)
	fmt.Fprintln(out, "| run | server peak RSS | server VmHWM so far | CPU s: server | database | load generator | other processes |")
	fmt.Fprintln(out, "|---|---:|---:|---:|---:|---:|---:|")
	for _, r := range rep.Runs {
		m, c := r.Memory, r.Memory.CPU
		fmt.Fprintf(out, "| %s | %.0f MB | %.0f MB | %.1f | %.1f | %.1f | %.1f |\n", r.Name, m.PeakRSSMB, m.HWMMB, c.Server, c.Database, c.LoadGenerator, c.Other)
	}
	fmt.Fprintln(out)
	for _, r := range rep.Runs {
		for _, s := range r.Routes {
			if s.Errors > 0 {
				fmt.Fprintf(out, "- %s, %s: %d errors (%s); first: %s\n", r.Name, s.Route, s.Errors, codes(s.Codes), strings.Join(s.ErrorSamples, " | "))
			}
		}
	}
	sv := rep.Server
	fmt.Fprintf(out, "\nServer memory: %.0f MB resident once ready; peak %.0f MB (VmHWM, sampled); max RSS at exit %.0f MB (rusage).\n", sv.StartRSSMB, sv.PeakRSSMB, sv.MaxRSSAtExitMB)
	if sv.Exit != "" {
		fmt.Fprintf(out, "Stopping the server (SIGTERM) failed: %s\n", sv.Exit)
	}
	fmt.Fprintf(out, "Server log: %d errors, %d warnings.\n", sv.LogErrors, sv.LogWarnings)
	for _, k := range sv.LogKinds {
		fmt.Fprintf(out, "  %d× %s\n", k.Count, k.First)
	}
	if jsonFile == "" {
		return nil
	}
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(jsonFile, append(data, '\n'), 0o644)
}

func countsText(c map[string]int) string {
	var parts []string
	for _, k := range []string{"events", "people", "projects", "publications", "institutions", "users"} {
		if n, ok := c[k]; ok {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	return strings.Join(parts, ", ")
}
