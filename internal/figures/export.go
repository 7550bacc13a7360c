package figures

import (
	"bytes"
	"net/http"
	"time"

	"github.com/liaison-registry/liaison/internal/pdf"
)

// ServeSVG answers with the timeline's chart as an SVG file to download,
// the same SVG the page shows.
func ServeSVG(w http.ResponseWriter, tl *Timeline, filename string) {
	w.Header().Set("Content-Type", "image/svg+xml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n"))
	w.Write([]byte(tl.Gantt.SVG()))
}

// ServePDF answers with the timeline as a PDF file to download, dated
// the day of now (so that a day's downloads of the same registry are the
// same bytes).
func ServePDF(w http.ResponseWriter, tl *Timeline, now time.Time, filename string) error {
	var buf bytes.Buffer
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if err := pdf.Gantt(&buf, tl.Gantt, pdf.Meta{Title: tl.Figure.Heading, Subtitle: tl.Gantt.Desc, Lang: tl.Gantt.Lang, Date: day}); err != nil {
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Write(buf.Bytes())
	return nil
}
