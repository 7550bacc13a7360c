package durability

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/servertest"
)

// binary is the liaison command, built once for the package's tests.
var binary struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	stopPostgres()
	if binary.dir != "" {
		os.RemoveAll(binary.dir)
	}
	os.Exit(code)
}

// liaisonBinary builds ./cmd/liaison (once) and returns its path: the
// tests kill and signal the real process, as a service manager or a
// power cut would.
func liaisonBinary(t *testing.T) string {
	t.Helper()
	binary.once.Do(func() {
		binary.dir, binary.err = os.MkdirTemp("", "liaison-durability-")
		if binary.err != nil {
			return
		}
		binary.path = filepath.Join(binary.dir, "liaison")
		cmd := exec.Command("go", "build", "-o", binary.path, "github.com/liaison-registry/liaison/cmd/liaison")
		out, err := cmd.CombinedOutput()
		if err != nil {
			binary.err = fmt.Errorf("go build ./cmd/liaison: %v\n%s", err, out)
		}
	})
	if binary.err != nil {
		t.Fatal(binary.err)
	}
	return binary.path
}

// commandEnv is the environment the binary runs in: none of the
// caller's LIAISON_ settings, and no per-client rate limits, since every
// client of these tests is one address on loopback (a server without
// rate limits ignores the variable).
func commandEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LIAISON_") {
			env = append(env, kv)
		}
	}
	return append(env, "LIAISON_RATE_LIMIT=off")
}

// process is a running liaison command with its output collected.
type process struct {
	cmd   *exec.Cmd
	out   servertest.Buffer
	done  chan struct{}
	state *os.ProcessState
	// url is the address `serve` printed, "http://127.0.0.1:PORT".
	url string
}

// start runs the binary with args, its standard output and error
// collected together.
func start(t *testing.T, bin string, args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(bin, args...), done: make(chan struct{})}
	p.cmd.Env = commandEnv()
	p.cmd.Stdout = &p.out
	p.cmd.Stderr = &p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.cmd.Wait()
		p.state = p.cmd.ProcessState
		close(p.done)
	}()
	t.Cleanup(func() { p.kill() })
	return p
}

// startServer runs `liaison serve` on db at a free loopback port and
// returns once it listens.
func startServer(t *testing.T, bin, db string, args ...string) *process {
	t.Helper()
	p := &process{done: make(chan struct{})}
	p.cmd = exec.Command(bin, append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, args...)...)
	p.cmd.Env = commandEnv()
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stdout = &p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.kill() })
	listening := make(chan string, 1)
	go func() {
		// The server logs `msg=serving url=http://127.0.0.1:PORT/` once
		// it listens; the port is its own choice.
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			p.out.Write([]byte(line + "\n"))
			if strings.Contains(line, "msg=serving") {
				if _, rest, ok := strings.Cut(line, " url="); ok {
					u, _, _ := strings.Cut(rest, " ")
					listening <- strings.TrimSuffix(strings.Trim(u, `"`), "/")
				}
			}
		}
		p.cmd.Wait()
		p.state = p.cmd.ProcessState
		close(p.done)
	}()
	select {
	case p.url = <-listening:
		return p
	case <-p.done:
		t.Fatalf("liaison serve exited before listening: %v\n%s", p.state, p.out.String())
	case <-time.After(time.Minute):
		t.Fatalf("liaison serve did not listen within a minute\n%s", p.out.String())
	}
	return nil
}

// kill ends the process with SIGKILL, as a crash or the OOM killer
// would, and waits for it.
func (p *process) kill() {
	if p.cmd.Process == nil {
		return
	}
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// signal sends sig to the process.
func (p *process) signal(sig os.Signal) error { return p.cmd.Process.Signal(sig) }

// wait waits up to limit for the process to exit and returns its exit
// code (-1 when a signal ended it).
func (p *process) wait(limit time.Duration) (int, error) {
	select {
	case <-p.done:
		return p.state.ExitCode(), nil
	case <-time.After(limit):
		return 0, errors.New("still running")
	}
}

// running reports whether the process has not exited.
func (p *process) running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}
