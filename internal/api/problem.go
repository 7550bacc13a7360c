package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/strictjson"
)

// Problem is an RFC 9457 problem document, with the per-field errors of
// an invalid request.
type Problem struct {
	Type     string                `json:"type"`
	Title    string                `json:"title"`
	Status   int                   `json:"status"`
	Detail   string                `json:"detail,omitempty"`
	Instance string                `json:"instance,omitempty"`
	Errors   []registry.FieldError `json:"errors,omitempty"`
}

// badRequest is a request whose parameters are wrong.
type badRequest struct {
	detail string
	errors []registry.FieldError
}

func (e *badRequest) Error() string { return e.detail }

// statusError is an error that is only a status and a message.
type statusError struct {
	status int
	detail string
}

func (e *statusError) Error() string { return e.detail }

// problemFor maps an error to the problem the client sees. Only errors of
// known kinds say anything; the rest are 500 with no detail, so that no
// SQL or internal state reaches a client.
func problemFor(err error) Problem {
	var (
		syntax   *strictjson.SyntaxError
		fields   strictjson.FieldErrors
		invalid  *registry.ValidationError
		conflict *registry.ConflictError
		stale    *registry.StaleError
		tooBig   *http.MaxBytesError
		bad      *badRequest
		status   *statusError
	)
	switch {
	case errors.As(err, &syntax):
		return Problem{Status: 400, Title: "Malformed JSON", Detail: syntax.Error()}
	case errors.As(err, &fields):
		p := Problem{Status: 400, Title: "Unexpected JSON fields or types", Detail: fmt.Sprintf("%d field(s) do not fit the record", len(fields))}
		for _, f := range fields {
			p.Errors = append(p.Errors, registry.FieldError{Field: f.Path, Message: f.Message})
		}
		return p
	case errors.As(err, &invalid):
		return Problem{Status: 422, Title: "Invalid record", Detail: fmt.Sprintf("%d field(s) break the registry's rules", len(invalid.Errors)), Errors: invalid.Errors}
	case errors.As(err, &stale):
		return Problem{Status: 409, Title: "Edit conflict", Detail: stale.Error(),
			Errors: []registry.FieldError{{Field: "version", Value: stale.Given, Message: fmt.Sprintf("is not the current version (%d)", stale.Current)}}}
	case errors.As(err, &conflict):
		return Problem{Status: 409, Title: "Conflict", Detail: conflict.Error()}
	case errors.Is(err, registry.ErrNotFound):
		return Problem{Status: 404, Title: "Not found", Detail: "no such record"}
	case errors.As(err, &tooBig):
		return Problem{Status: 413, Title: "Request body too large", Detail: fmt.Sprintf("the body is larger than %d bytes", tooBig.Limit)}
	case errors.As(err, &bad):
		return Problem{Status: 400, Title: "Bad request", Detail: bad.detail, Errors: bad.errors}
	case errors.As(err, &status):
		return Problem{Status: status.status, Title: http.StatusText(status.status), Detail: status.detail}
	case errors.Is(err, store.ErrBusy):
		return Problem{Status: 503, Title: "Busy", Detail: store.ErrBusy.Error()}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return Problem{Status: 503, Title: "Service unavailable", Detail: "the request was cancelled or took too long"}
	}
	return Problem{Status: 500, Title: "Internal server error", Detail: "something went wrong on our side; it has been logged"}
}

// busyRetry is the seconds a client is asked to wait after ErrBusy.
const busyRetry = 10

// WriteError writes err as application/problem+json, logging the errors
// that are ours rather than the client's.
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	p := problemFor(err)
	if errors.Is(err, store.ErrBusy) {
		w.Header().Set("Retry-After", strconv.Itoa(busyRetry))
	}
	if p.Status >= 500 {
		log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	WriteProblem(w, r, p)
}

// WriteProblem writes p as application/problem+json.
func WriteProblem(w http.ResponseWriter, r *http.Request, p Problem) {
	if p.Type == "" {
		p.Type = "about:blank"
	}
	if p.Title == "" {
		p.Title = http.StatusText(p.Status)
	}
	if p.Instance == "" {
		p.Instance = r.URL.RequestURI()
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(p)
}
