package server

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/liaison-registry/liaison/internal/api"
	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/iati"
	"github.com/liaison-registry/liaison/internal/store"
)

// registerOpenData adds the IATI activities file: every published
// project, for donors and aid-transparency portals (docs/open-data.md).
func registerOpenData(rt *auth.Router, st *store.Store, origin func(*http.Request) string, now func() time.Time, log *slog.Logger) {
	rt.HandleFunc("GET /export/iati-activities.xml", auth.Anyone, func(w http.ResponseWriter, r *http.Request) {
		// Written to a buffer first, so that a failure half-way is an
		// error response rather than a truncated file.
		var buf bytes.Buffer
		_, err := iati.Export(r.Context(), st, &buf, iati.ExportOptions{Origin: origin(r), Now: now})
		switch {
		case errors.Is(err, iati.ErrNoOrgRef):
			api.WriteProblem(w, r, api.Problem{Status: http.StatusNotFound, Title: "IATI export not configured", Detail: "this registry publishes no IATI file yet: an administrator sets the reporting organisation's IATI identifier in the site settings"})
			return
		case err != nil:
			api.WriteError(w, r, log, err)
			return
		}
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.Write(buf.Bytes())
	})
}
