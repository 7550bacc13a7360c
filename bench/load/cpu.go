package main

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The machine is shared by the server, the load generator and, on a
// local PostgreSQL, the database; anything else running shows as other
// processes' CPU, and a run with much of it measured a busy machine.

// tick is the length of a clock tick of /proc (USER_HZ, 100 on Linux).
const tick = 10 * time.Millisecond

// cpuUse is CPU time used so far, by whom.
type cpuUse struct {
	machine  time.Duration // every core's busy time
	server   time.Duration
	database time.Duration // the local PostgreSQL's processes
	self     time.Duration // this load generator
}

// cpuAccount reads where the machine's CPU time goes.
type cpuAccount struct {
	serverPID int
	dbPort    string // port of a local PostgreSQL, "" for none
}

func newCPUAccount(serverPID int, dsn string) *cpuAccount {
	a := &cpuAccount{serverPID: serverPID}
	if isPostgres(dsn) {
		if u, err := url.Parse(dsn); err == nil {
			switch u.Hostname() {
			case "127.0.0.1", "localhost", "::1", "":
				a.dbPort = u.Port()
				if a.dbPort == "" {
					a.dbPort = "5432"
				}
			}
		}
	}
	return a
}

func (a *cpuAccount) read() cpuUse {
	busy, _ := cpuTimes()
	u := cpuUse{machine: time.Duration(busy) * tick}
	u.server, _, _ = procCPU(a.serverPID)
	u.self, _, _ = procCPU(os.Getpid())
	if a.dbPort != "" {
		u.database = postgresCPU(a.dbPort)
	}
	return u
}

// procCPU reads a process's own CPU time, that of its children it has
// reaped, and its parent's pid, from /proc/PID/stat.
func procCPU(pid int) (own, children time.Duration, ppid int) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, 0
	}
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, 0, 0
	}
	// After the name: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14).
	f := strings.Fields(string(stat[i+1:]))
	if len(f) < 15 {
		return 0, 0, 0
	}
	n := func(k int) time.Duration {
		v, _ := strconv.ParseInt(f[k], 10, 64)
		return time.Duration(v) * tick
	}
	ppid, _ = strconv.Atoi(f[1])
	return n(11) + n(12), n(13) + n(14), ppid
}

// postgresCPU is the CPU time of the PostgreSQL server listening on port
// and of its processes, living and exited (a backend ends with its
// connection and its time goes to the postmaster's children's).
func postgresCPU(port string) time.Duration {
	procs, _ := filepath.Glob("/proc/[0-9]*")
	master := 0
	for _, p := range procs {
		cmd, err := os.ReadFile(p + "/cmdline")
		if err != nil {
			continue
		}
		args := strings.Split(string(cmd), "\x00")
		if len(args) == 0 || filepath.Base(args[0]) != "postgres" {
			continue
		}
		for i, a := range args {
			if (a == "-p" && i+1 < len(args) && args[i+1] == port) || a == "-p"+port || strings.Contains(a, "-p "+port+" ") {
				master, _ = strconv.Atoi(filepath.Base(p))
			}
		}
	}
	if master == 0 {
		return 0
	}
	own, children, _ := procCPU(master)
	total := own + children
	for _, p := range procs {
		pid, _ := strconv.Atoi(filepath.Base(p))
		if c, _, ppid := procCPU(pid); ppid == master {
			total += c
		}
	}
	return total
}

// cpuStats is where CPU time went between two readings, in seconds.
func cpuStats(from, to cpuUse) CPUStats {
	s := CPUSeconds(to.server - from.server)
	d := CPUSeconds(to.database - from.database)
	l := CPUSeconds(to.self - from.self)
	m := CPUSeconds(to.machine - from.machine)
	return CPUStats{Server: s, Database: d, LoadGenerator: l, Other: max(m-s-d-l, 0)}
}

// CPUSeconds is a duration in seconds, rounded to a tenth.
func CPUSeconds(d time.Duration) float64 {
	return float64(d.Round(100*time.Millisecond)) / float64(time.Second)
}
