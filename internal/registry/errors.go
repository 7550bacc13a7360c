package registry

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotFound is returned when a record does not exist.
var ErrNotFound = errors.New("not found")

// FieldError says what is wrong with one field: its path within the record
// (such as "participants[2].person_id"), the offending value when there is
// one, and what was expected.
type FieldError struct {
	Field   string `json:"field"`
	Value   any    `json:"value,omitempty"`
	Message string `json:"message"`
}

func (e FieldError) String() string {
	if e.Value == nil {
		return e.Field + ": " + e.Message
	}
	return fmt.Sprintf("%s: %v %s", e.Field, quoteValue(e.Value), e.Message)
}

func quoteValue(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}

// Report collects the errors and warnings found while checking a record.
// Errors refuse the write; warnings are returned with a successful one.
type Report struct {
	prefix   string
	Errors   *[]FieldError
	Warnings *[]FieldError
}

// NewReport returns an empty report.
func NewReport() *Report {
	return &Report{Errors: new([]FieldError), Warnings: new([]FieldError)}
}

// At returns a report that writes into r with every field prefixed by path,
// so a record's own checks can be reused inside a larger document.
func (r *Report) At(path string) *Report {
	return &Report{prefix: join(r.prefix, path), Errors: r.Errors, Warnings: r.Warnings}
}

func join(prefix, field string) string {
	switch {
	case prefix == "":
		return field
	case field == "":
		return prefix
	case strings.HasPrefix(field, "["):
		return prefix + field
	}
	return prefix + "." + field
}

// Error records that field (with value, may be nil) is invalid.
func (r *Report) Error(field string, value any, format string, args ...any) {
	*r.Errors = append(*r.Errors, FieldError{Field: join(r.prefix, field), Value: value, Message: fmt.Sprintf(format, args...)})
}

// Warn records something that is allowed but probably wrong.
func (r *Report) Warn(field string, value any, format string, args ...any) {
	*r.Warnings = append(*r.Warnings, FieldError{Field: join(r.prefix, field), Value: value, Message: fmt.Sprintf(format, args...)})
}

// OK reports whether no error was recorded.
func (r *Report) OK() bool { return len(*r.Errors) == 0 }

// Err returns a *ValidationError holding the errors, or nil.
func (r *Report) Err() error {
	if r.OK() {
		return nil
	}
	return &ValidationError{Errors: *r.Errors}
}

// ValidationError is a record that breaks the registry's rules.
type ValidationError struct {
	Errors []FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Errors))
	for i, fe := range e.Errors {
		parts[i] = fe.String()
	}
	return "invalid: " + strings.Join(parts, "; ")
}

// Invalid returns a *ValidationError about one field.
func Invalid(field string, value any, format string, args ...any) error {
	r := NewReport()
	r.Error(field, value, format, args...)
	return r.Err()
}

// ConflictError refuses a change that would break the registry's
// integrity, such as deleting an institution that people still belong to.
type ConflictError struct {
	Message    string
	References []string // what holds the record, such as "event 12"
}

func (e *ConflictError) Error() string {
	if len(e.References) == 0 {
		return e.Message
	}
	return e.Message + ": " + strings.Join(e.References, ", ")
}

// StaleError refuses an edit made on a version of the record that is no
// longer current: someone else saved it in the meantime.
type StaleError struct {
	Type    string // "event"
	ID      int64
	Given   int    // the version the edit was made on
	Current int    // the version now stored
	By      string // who saved the current version, when known
	At      string // when, RFC 3339
}

func (e *StaleError) Error() string {
	msg := fmt.Sprintf("%s %d was changed after you opened it (you edited version %d; it is now at version %d", e.Type, e.ID, e.Given, e.Current)
	if e.By != "" {
		msg += ", saved by " + e.By
	}
	if e.At != "" {
		msg += " at " + e.At
	}
	return msg + "); reload it and apply your changes again"
}
