package admin

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/liaison-registry/liaison/internal/spreadsheet"
)

// MaxSheetCarried bounds a checked sheet the preview page carries to its
// "apply" button; a larger one is uploaded again to apply.
const MaxSheetCarried = 2 << 20

type sheetsData struct {
	Types   []string
	Type    string
	Result  *spreadsheet.Result
	Problem *spreadsheet.Error
	Message string
	Applied bool
	// Carried is the checked file, for applying it without a second
	// upload; empty when it is too large to carry.
	Carried string
}

// sheetsPage offers every record type as a CSV download, and the upload
// that reads an edited sheet back.
func (a *Admin) sheetsPage(w http.ResponseWriter, r *http.Request) {
	a.render(w, r, http.StatusOK, "sheets", "Spreadsheets", sheetsData{Types: spreadsheet.TypeNames, Type: r.URL.Query().Get("type")})
}

// downloadSheet sends a record type's sheet; drafts included, since staff
// edit them too.
func (a *Admin) downloadSheet(w http.ResponseWriter, r *http.Request) {
	typ, isCSV := strings.CutSuffix(r.PathValue("type"), ".csv")
	if _, ok := spreadsheet.Types[typ]; !ok || !isCSV {
		http.NotFound(w, r)
		return
	}
	var buf bytes.Buffer
	if err := spreadsheet.Export(r.Context(), a.st, typ, &buf, false); err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", fmt.Sprintf("liaison-%s-%s.csv", typ, time.Now().UTC().Format("2006-01-02"))))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// uploadSheet checks an uploaded sheet and shows what it would change;
// with apply, it writes it.
func (a *Admin) uploadSheet(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, spreadsheet.MaxFile+1<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			err = fmt.Errorf("%w: the sheet is larger than %d MB", errTooLarge, spreadsheet.MaxFile>>20)
		}
		a.fail(w, r, err)
		return
	}
	d := sheetsData{Types: spreadsheet.TypeNames, Type: r.PostFormValue("type")}
	if _, ok := spreadsheet.Types[d.Type]; !ok {
		d.Message = "Choose the record type the sheet holds."
		a.render(w, r, http.StatusUnprocessableEntity, "sheets", "Spreadsheets", d)
		return
	}
	var data []byte
	if carried := r.PostFormValue("carried"); carried != "" {
		b, err := base64.StdEncoding.DecodeString(carried)
		if err != nil {
			d.Message = "The checked sheet did not come back intact; upload it again."
			a.render(w, r, http.StatusUnprocessableEntity, "sheets", "Spreadsheets", d)
			return
		}
		data = b
	} else {
		f, _, err := r.FormFile("file")
		if err != nil {
			d.Message = "Choose a CSV file to upload."
			a.render(w, r, http.StatusUnprocessableEntity, "sheets", "Spreadsheets", d)
			return
		}
		defer f.Close()
		if data, err = io.ReadAll(f); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	apply := r.PostFormValue("apply") == "yes"
	res, err := spreadsheet.Import(r.Context(), a.st, d.Type, bytes.NewReader(data), !apply)
	var se *spreadsheet.Error
	switch {
	case errors.As(err, &se):
		d.Problem = se
		a.render(w, r, http.StatusUnprocessableEntity, "sheets", "Spreadsheets", d)
		return
	case err != nil:
		a.fail(w, r, err)
		return
	}
	d.Result, d.Applied = res, apply
	if !apply && len(data) <= MaxSheetCarried {
		d.Carried = base64.StdEncoding.EncodeToString(data)
	}
	a.render(w, r, http.StatusOK, "sheets", "Spreadsheets", d)
}
