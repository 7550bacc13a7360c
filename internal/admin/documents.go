package admin

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/files"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

// upload attaches a file to a record. The type is sniffed from the bytes.
func (k *kind[T, PT]) upload(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		k.a.fail(w, r, err)
		return
	}
	back := fmt.Sprintf("/admin/%s/%d", k.plural, id)
	r.Body = http.MaxBytesReader(w, r.Body, files.MaxSize+1<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			k.a.fail(w, r, fmt.Errorf("%w: the file is larger than %d MB", errTooLarge, files.MaxSize>>20))
			return
		}
		k.a.fail(w, r, fmt.Errorf("%w: no file was received", errBadInput))
		return
	}
	defer r.MultipartForm.RemoveAll()
	file, header, err := r.FormFile("file")
	if err != nil {
		k.a.fail(w, r, fmt.Errorf("%w: choose a file to attach", errBadInput))
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, files.MaxSize+1))
	if err != nil {
		k.a.fail(w, r, err)
		return
	}
	ct, err := files.Sniff(data)
	if err != nil {
		k.a.fail(w, r, fmt.Errorf("%w: %s", errBadInput, err.Error()))
		return
	}
	sum := sha256.Sum256(data)
	doc := &store.Document{
		OwnerType: k.single, OwnerID: id, Title: r.FormValue("title"), Filename: files.CleanName(header.Filename),
		ContentType: ct, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), Status: registry.Draft,
	}
	if r.FormValue("status") == string(registry.Published) {
		doc.Status = registry.Published
	}
	if len([]rune(doc.Title)) > registry.MaxTitle {
		k.a.fail(w, r, fmt.Errorf("%w: the title is longer than %d characters", errBadInput, registry.MaxTitle))
		return
	}
	if err := k.a.st.Transact(r.Context(), func(tx *store.Tx) error { return tx.AddDocument(r.Context(), doc, data) }); err != nil {
		k.a.fail(w, r, err)
		return
	}
	redirect(w, r, back+"#documents", "uploaded")
}

// saveDocument changes a document's title or status, or removes it.
func (a *Admin) saveDocument(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		a.fail(w, r, err)
		return
	}
	ctx := r.Context()
	doc, err := a.st.Document(ctx, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	err = a.st.Transact(ctx, func(tx *store.Tx) error {
		if r.PostForm.Get("op") == "delete" {
			return tx.DeleteDocument(ctx, id)
		}
		return tx.UpdateDocument(ctx, id, r.PostForm.Get("title"), registry.Status(r.PostForm.Get("status")))
	})
	if err != nil {
		var ve *registry.ValidationError
		if errors.As(err, &ve) {
			err = fmt.Errorf("%w: %s", errBadInput, ve.Error())
		}
		a.fail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/admin/%s/%d#documents", pluralOf(doc.OwnerType), doc.OwnerID), "saved")
}

func pluralOf(noun string) string {
	switch noun {
	case "person":
		return "people"
	}
	return noun + "s"
}

// serveDocument sends a document: to anyone when it and its record are
// published, otherwise only to staff. It is served as the type sniffed
// when it was attached, never sniffed again by the browser, inline only
// for images and PDF, and in a sandbox so that nothing in it can run as
// this site.
func (a *Admin) serveDocument(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	ctx := r.Context()
	doc, err := a.st.Document(ctx, id)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if !auth.From(ctx).SeesDrafts() {
		public, err := a.documentIsPublic(r, doc)
		if err != nil || !public {
			http.NotFound(w, r)
			return
		}
	}
	data, err := a.st.DocumentData(ctx, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", doc.ContentType)
	h.Set("Content-Disposition", files.Disposition(doc.ContentType, doc.Filename))
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, max-age=300")
	h.Set("ETag", `"`+doc.SHA256+`"`)
	w.Write(data)
}

func (a *Admin) documentIsPublic(r *http.Request, doc *store.Document) (bool, error) {
	if doc.Status != registry.Published {
		return false, nil
	}
	ctx := r.Context()
	var status registry.Status
	switch doc.OwnerType {
	case "project":
		p, err := a.st.Project(ctx, doc.OwnerID)
		if err != nil {
			return false, err
		}
		status = p.Status
	case "event":
		e, err := a.st.Event(ctx, doc.OwnerID)
		if err != nil {
			return false, err
		}
		status = e.Status
	case "publication":
		p, err := a.st.Publication(ctx, doc.OwnerID)
		if err != nil {
			return false, err
		}
		status = p.Status
	}
	return status == registry.Published, nil
}
