package server

import (
	"log/slog"
	"net/http"
	"time"
)

// Timeouts bound how long a connection may take over each part of a
// request, so that slow or stalled clients cannot hold connections (and
// memory) open: a client sending its headers a byte at a time is cut off
// after ReadHeader.
type Timeouts struct {
	// ReadHeader is the time to send the request line and headers.
	ReadHeader time.Duration
	// Read is the time to send the whole request, body included; it
	// bounds uploads, so it allows the largest (32 MB) at a slow line.
	Read time.Duration
	// Write is the time from the end of the headers to the end of the
	// answer; it bounds the longest export.
	Write time.Duration
	// Idle is how long a kept-alive connection waits for its next request.
	Idle time.Duration
}

// DefaultTimeouts are `liaison serve`'s.
func DefaultTimeouts() Timeouts {
	return Timeouts{ReadHeader: 10 * time.Second, Read: 2 * time.Minute, Write: 2 * time.Minute, Idle: 2 * time.Minute}
}

// MaxHeaderBytes bounds a request's line and headers.
const MaxHeaderBytes = 64 << 10

// NewHTTPServer is the http.Server `liaison serve` runs h with: the
// timeouts, the header size limit, and the server's own errors (TLS
// handshakes, malformed requests) logged as warnings.
func NewHTTPServer(h http.Handler, log *slog.Logger, t Timeouts) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: t.ReadHeader,
		ReadTimeout:       t.Read,
		WriteTimeout:      t.Write,
		IdleTimeout:       t.Idle,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}
