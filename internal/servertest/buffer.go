package servertest

import (
	"bytes"
	"sync"
)

// Buffer is a bytes.Buffer safe to write from one goroutine (a server's
// log, a process's output) while a test reads it from another.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
