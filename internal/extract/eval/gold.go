// Package eval measures the extractor against gold files, by the rules of
// ../shared/extract/README.md: records matched within a type by key,
// precision, recall and F1 per type and micro-averaged, and the accuracy
// of the fields of matched records. docs/extraction.md states the rules
// as implemented here, including the points the README leaves open.
package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/liaison-registry/liaison/internal/extract"
	"github.com/liaison-registry/liaison/internal/extract/input"
	"github.com/liaison-registry/liaison/internal/strictjson"
)

// Gold is one labelled text.
type Gold struct {
	Name     string            // the gold file's name, such as 001-seed.json
	Path     string            // the gold file
	TextPath string            // the text it labels
	Text     string            // that text, as the extractor reads it
	Want     *extract.Document // the records the text states
}

// goldFile is a gold file: the path of its text and the records.
type goldFile struct {
	Text string `json:"text"`
	extract.Document
}

// LoadDir loads every gold file in dir: each *.json (not in
// subdirectories) with a "text" field, in name order. Other JSON files
// are skipped; a gold file that does not decode strictly, or whose text
// cannot be read, is an error naming it.
func LoadDir(dir string) ([]Gold, error) {
	entries, err := os.ReadDir(dir) // in name order
	if err != nil {
		return nil, err
	}
	var golds []Gold
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		g, err := Load(filepath.Join(dir, e.Name()))
		if errors.Is(err, errNotGold) {
			continue
		}
		if err != nil {
			return nil, err
		}
		golds = append(golds, g)
	}
	if len(golds) == 0 {
		return nil, fmt.Errorf("%s: no gold files (*.json with a \"text\" field)", dir)
	}
	return golds, nil
}

var errNotGold = errors.New("not a gold file")

// Load loads one gold file and its text. The text's path is relative to
// the gold file; the text is read as `liaison extract` reads a file
// (input.Text, format by extension), so that offsets agree.
func Load(path string) (Gold, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Gold{}, err
	}
	// Malformed JSON may be a gold file: an error. Well-formed JSON that
	// is not an object with "text" is something else: skipped.
	if !json.Valid(data) {
		return Gold{}, fmt.Errorf("%s: %v", path, strictjson.Decode(data, new(any)))
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return Gold{}, errNotGold
	}
	if _, ok := probe["text"]; !ok {
		return Gold{}, errNotGold
	}
	var f goldFile
	if err := strictjson.Decode(data, &f); err != nil {
		return Gold{}, fmt.Errorf("%s: %v", path, err)
	}
	if f.Text == "" {
		return Gold{}, fmt.Errorf("%s: \"text\" is empty; expected the path of the text, relative to the gold file", path)
	}
	if err := validate(&f.Document); err != nil {
		return Gold{}, fmt.Errorf("%s: %v", path, err)
	}
	textPath := f.Text
	if !filepath.IsAbs(textPath) {
		textPath = filepath.Join(filepath.Dir(path), filepath.FromSlash(textPath))
	}
	raw, err := os.ReadFile(textPath)
	if err != nil {
		return Gold{}, fmt.Errorf("%s: its text: %v", path, err)
	}
	text, err := input.Text(raw, textPath, "auto")
	if err != nil {
		return Gold{}, fmt.Errorf("%s: its text %s: %v", path, textPath, err)
	}
	doc := f.Document
	return Gold{Name: filepath.Base(path), Path: path, TextPath: textPath, Text: text, Want: &doc}, nil
}

// validate refuses gold records without what keys them.
func validate(d *extract.Document) error {
	for i, e := range d.Events {
		if Norm(e.Kind) == "" {
			return fmt.Errorf("events[%d].kind is empty", i)
		}
	}
	for i, p := range d.People {
		if Norm(p.Name) == "" {
			return fmt.Errorf("people[%d].name is empty", i)
		}
	}
	return nil
}
