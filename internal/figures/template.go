package figures

import (
	"embed"
	"html/template"
)

//go:embed figure.html
var templateFiles embed.FS

// ParseTemplate adds the "figure" template to t: a figure's chart and the
// table of its figures, called with a map of "T" (the site's words, with
// an S method) and "F" (a Figure). The portal and the workspace show
// figures alike and style them each with their own stylesheet.
func ParseTemplate(t *template.Template) (*template.Template, error) {
	return t.ParseFS(templateFiles, "figure.html")
}
