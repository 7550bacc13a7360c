package iati

import (
	"bytes"
	"testing"
)

// Whatever bytes arrive as an activities file, reading them ends in
// activities or an error with a message, never a panic.
func FuzzDecodeFile(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0" encoding="UTF-8"?><iati-activities version="2.03"><iati-activity xml:lang="en"><iati-identifier>X-1</iati-identifier><title><narrative>T</narrative></title></iati-activity></iati-activities>`))
	f.Add([]byte(`<?xml version="1.0" encoding="windows-1251"?><iati-activities version="2.03"><iati-activity><title><narrative xml:lang="ru">` + "\xcf\xf0\xee\xe5\xea\xf2" + `</narrative></title></iati-activity></iati-activities>`))
	f.Add([]byte(`<iati-activities version="1.05"/>`))
	f.Add([]byte(`<!DOCTYPE x [<!ENTITY a "aaaa">]><iati-activities version="2.03">&a;</iati-activities>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		acts, err := decodeFile(bytes.NewReader(data))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		for _, a := range acts {
			text(a.Title.Narratives, "en")
		}
	})
}
