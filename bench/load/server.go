package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// server is a running `liaison serve`.
type server struct {
	cmd     *exec.Cmd
	base    string // http://127.0.0.1:PORT
	logPath string
	mem     *memory
	cpu     *cpuAccount
	done    chan struct{}
	waitErr error
	maxRSS  int64   // kB, from the rusage at exit
	startMB float64 // resident memory once ready
}

// startServer starts liaison serve on a free port over dsn and waits
// until /readyz answers.
func startServer(ctx context.Context, bin, dsn, logPath string, extra []string, logf func(string, ...any)) (*server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	base := "http://" + addr
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	args := append([]string{"serve", "--db", dsn, "--addr", addr, "--public-url", base, "--rate-limit=off"}, extra...) // one address at hundreds of requests a second: a load test, not an attack
	// Not CommandContext: the server is stopped with SIGTERM, as in
	// production, so that its rusage and shutdown can be read.
	cmd := exec.Command(bin, args...)
	cmd.Env = cleanEnv()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, err
	}
	s := &server{cmd: cmd, base: base, logPath: logPath, done: make(chan struct{})}
	go func() {
		s.waitErr = cmd.Wait()
		logFile.Close()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			s.maxRSS = ru.Maxrss
		}
		close(s.done)
	}()
	s.mem = watchMemory(cmd.Process.Pid, s.done)
	s.cpu = newCPUAccount(cmd.Process.Pid, dsn)

	deadline := time.Now().Add(2 * time.Minute)
	for {
		select {
		case <-s.done:
			log, _ := os.ReadFile(logPath)
			return nil, fmt.Errorf("liaison serve exited: %v\n%s", s.waitErr, log)
		case <-ctx.Done():
			s.stop()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				s.startMB = s.mem.sample().rssMB()
				return s, nil
			}
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("liaison serve not ready after 2 minutes (last: %v)", err)
		}
	}
}

// stop ends the server with SIGTERM, as a service manager would, and
// waits for it.
func (s *server) stop() error {
	select {
	case <-s.done:
		return nil
	default:
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(45 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
		return fmt.Errorf("liaison serve did not stop within 45 s of SIGTERM; killed")
	}
	if s.waitErr != nil {
		return fmt.Errorf("liaison serve: %v (log: %s)", s.waitErr, s.logPath)
	}
	return nil
}

// summary reports the server's memory over its whole life and what its
// log says went wrong.
func (s *server) summary() ServerSummary {
	sum := ServerSummary{StartRSSMB: s.startMB, PeakRSSMB: s.mem.lifetimePeakMB(), MaxRSSAtExitMB: float64(s.maxRSS) / 1024}
	f, err := os.Open(s.logPath)
	if err != nil {
		return sum
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	kinds := map[string]*LogKind{}
	for sc.Scan() {
		line := sc.Text()
		level := ""
		switch {
		case strings.Contains(line, "level=ERROR"):
			sum.LogErrors++
			level = "ERROR"
		case strings.Contains(line, "level=WARN"):
			sum.LogWarnings++
			level = "WARN"
		default:
			continue
		}
		// Lines of one kind share their level, message and error, but
		// for numbers (ids, addresses, durations).
		key := level + " " + logField(line, "msg") + " " + digits.ReplaceAllString(logField(line, "err"), "N")
		k := kinds[key]
		if k == nil {
			if len(kinds) >= 10 {
				continue
			}
			k = &LogKind{First: clip(line, 400)}
			kinds[key] = k
			sum.LogKinds = append(sum.LogKinds, k)
		}
		k.Count++
	}
	return sum
}

var digits = regexp.MustCompile(`[0-9]+`)

// logField is the value of key in a slog text line.
func logField(line, key string) string {
	i := strings.Index(line, " "+key+"=")
	if i < 0 {
		return ""
	}
	v := line[i+len(key)+2:]
	if strings.HasPrefix(v, `"`) {
		if u, err := strconv.QuotedPrefix(v); err == nil {
			return u
		}
	}
	v, _, _ = strings.Cut(v, " ")
	return v
}

// logTail is the last n lines of the server's log.
func (s *server) logTail(n int) string {
	data, err := os.ReadFile(s.logPath)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// settle waits until the machine is idle (its cores under 10% busy for
// a second, which covers the server and a local PostgreSQL), up to
// limit, so that a run does not pay for the work left from the one
// before. It returns how long it waited and how busy the machine was in
// its last second (0 to 1 per core, summed over the cores).
func (s *server) settle(ctx context.Context, limit time.Duration) (time.Duration, float64) {
	start := time.Now()
	prevBusy, prevTotal := cpuTimes()
	busy := 0.0
	for time.Since(start) < limit {
		select {
		case <-ctx.Done():
			return time.Since(start), busy
		case <-s.done:
			return time.Since(start), busy
		case <-time.After(time.Second):
		}
		b, total := cpuTimes()
		if total > prevTotal {
			busy = float64(b-prevBusy) / float64(total-prevTotal)
			if busy < 0.10 {
				return time.Since(start), busy
			}
		}
		prevBusy, prevTotal = b, total
	}
	return time.Since(start), busy * float64(runtime.NumCPU())
}

// cpuTimes reads the machine's busy and total CPU time, in clock ticks,
// from /proc/stat.
func cpuTimes() (busy, total int64) {
	stat, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(stat), "\n")
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "cpu" {
		return 0, 0
	}
	for i, v := range f[1:] {
		n, _ := strconv.ParseInt(v, 10, 64)
		total += n
		if i != 3 && i != 4 { // idle and iowait
			busy += n
		}
	}
	return busy, total
}

// memory samples the server's resident memory and CPU time every 25 ms.
type memory struct {
	pid      int
	mu       sync.Mutex
	phaseRSS int64 // kB, the largest VmRSS seen since begin
	lifeRSS  int64 // kB, the largest VmRSS or VmHWM ever seen
	last     sample
}

type sample struct {
	rss, hwm int64 // kB
}

func (s sample) rssMB() float64 { return float64(s.rss) / 1024 }

func watchMemory(pid int, done <-chan struct{}) *memory {
	m := &memory{pid: pid}
	go func() {
		t := time.NewTicker(25 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				m.sample()
			}
		}
	}()
	return m
}

// sample reads /proc/PID/status and /proc/PID/stat once.
func (m *memory) sample() sample {
	var s sample
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", m.pid))
	if err != nil {
		m.mu.Lock()
		defer m.mu.Unlock()
		return m.last
	}
	for line := range bytes.SplitSeq(status, []byte("\n")) {
		f := strings.Fields(string(line))
		if len(f) < 2 {
			continue
		}
		v, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			s.rss = v
		case "VmHWM:":
			s.hwm = v
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.phaseRSS = max(m.phaseRSS, s.rss)
	m.lifeRSS = max(m.lifeRSS, s.rss, s.hwm)
	m.last = s
	return s
}

// phase is a run's start: what memory and CPU to count from.
type phase struct{ cpu cpuUse }

// begin starts a run: its peak memory and CPU are counted from now.
func (s *server) begin() phase {
	m := s.mem
	cur := m.sample()
	m.mu.Lock()
	m.phaseRSS = cur.rss
	m.mu.Unlock()
	return phase{cpu: s.cpu.read()}
}

// end closes a run begun with p.
func (s *server) end(p phase) MemoryStats {
	cpu := cpuStats(p.cpu, s.cpu.read())
	m := s.mem
	cur := m.sample()
	m.mu.Lock()
	defer m.mu.Unlock()
	return MemoryStats{
		PeakRSSMB:  float64(m.phaseRSS) / 1024,
		HWMMB:      float64(cur.hwm) / 1024,
		EndRSSMB:   float64(cur.rss) / 1024,
		CPUSeconds: cpu.Server,
		CPU:        cpu,
	}
}

func (m *memory) lifetimePeakMB() float64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return float64(m.lifeRSS) / 1024
}

// machine describes where the run happened.
func machine() Machine {
	m := Machine{Cores: runtime.NumCPU(), GoVersion: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH}
	if info, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(info), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if mem, err := os.ReadFile("/proc/meminfo"); err == nil {
		f := strings.Fields(string(mem))
		if len(f) > 1 && f[0] == "MemTotal:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			m.MemoryGB = float64(kb) / (1 << 20)
		}
	}
	if rel, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(rel))
	}
	return m
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
