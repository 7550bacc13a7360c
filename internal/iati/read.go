package iati

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// MaxFile bounds an activities file read by Import.
const MaxFile = 64 << 20

// MaxActivities bounds the activities of one file.
const MaxActivities = 20000

// The elements import reads. Names match by namespace, so that any
// prefix a publisher chose for xml:lang or for Liaison's extension works.
type (
	inNarrative struct {
		Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		Text string `xml:",chardata"`
	}
	inTexts struct {
		Narratives []inNarrative `xml:"narrative"`
	}
	inOrg struct {
		Ref        string        `xml:"ref,attr"`
		Type       string        `xml:"type,attr"`
		Role       string        `xml:"role,attr"`
		Narratives []inNarrative `xml:"narrative"`
		Ext        *inExtOrg     `xml:"https://liaison-registry.org/ns/iati/1 org"`
	}
	inExtOrg struct {
		Slug        string `xml:"slug,attr"`
		Kind        string `xml:"kind,attr"`
		Country     string `xml:"country,attr"`
		Acronym     string `xml:"acronym,attr"`
		Website     string `xml:"website,attr"`
		PartnerRole string `xml:"partner-role,attr"`
	}
	inCode struct {
		Code       string `xml:"code,attr"`
		Vocabulary string `xml:"vocabulary,attr"`
		Percentage string `xml:"percentage,attr"`
	}
	inDate struct {
		Type    string `xml:"type,attr"`
		ISODate string `xml:"iso-date,attr"`
	}
	inBudget struct {
		Type  string `xml:"type,attr"`
		Value struct {
			Currency string `xml:"currency,attr"`
			Amount   string `xml:",chardata"`
		} `xml:"value"`
	}
	inIndicator struct {
		Placeholder string  `xml:"https://liaison-registry.org/ns/iati/1 placeholder,attr"`
		OfResult    string  `xml:"https://liaison-registry.org/ns/iati/1 result,attr"`
		Title       inTexts `xml:"title"`
	}
	inResult struct {
		Title      inTexts       `xml:"title"`
		Indicators []inIndicator `xml:"indicator"`
		Ext        *struct {
			Number     int `xml:"number,attr"`
			Activities []struct {
				Code       string        `xml:"code,attr"`
				Narratives []inNarrative `xml:"narrative"`
			} `xml:"https://liaison-registry.org/ns/iati/1 activity"`
			WorkPlan string `xml:"https://liaison-registry.org/ns/iati/1 work-plan"`
		} `xml:"https://liaison-registry.org/ns/iati/1 component"`
	}
	inExtProject struct {
		Slug           string   `xml:"slug,attr"`
		Instrument     string   `xml:"instrument,attr"`
		Reference      string   `xml:"reference,attr"`
		Start          string   `xml:"start,attr"`
		End            string   `xml:"end,attr"`
		DurationMonths string   `xml:"duration-months,attr"`
		DurationUpTo   string   `xml:"duration-up-to,attr"`
		Sectors        *string  `xml:"sectors,attr"`
		Budget         string   `xml:"budget,attr"`
		NoSummary      string   `xml:"no-summary,attr"`
		ExpertCountry  []inCode `xml:"https://liaison-registry.org/ns/iati/1 expert-country"`
		Programmes     []struct {
			Slug       string        `xml:"slug,attr"`
			Acronym    string        `xml:"acronym,attr"`
			Narratives []inNarrative `xml:"narrative"`
		} `xml:"https://liaison-registry.org/ns/iati/1 programme"`
	}
	// inActivity keeps every child element's name too, so that the report
	// can say which were not mapped.
	inActivity struct {
		Lang         string  `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		Currency     string  `xml:"default-currency,attr"`
		Identifier   string  `xml:"iati-identifier"`
		ReportingOrg inOrg   `xml:"reporting-org"`
		Title        inTexts `xml:"title"`
		Descriptions []struct {
			Type       string        `xml:"type,attr"`
			Narratives []inNarrative `xml:"narrative"`
		} `xml:"description"`
		Orgs     []inOrg `xml:"participating-org"`
		OtherIDs []struct {
			Ref  string `xml:"ref,attr"`
			Type string `xml:"type,attr"`
		} `xml:"other-identifier"`
		Status    inCode        `xml:"activity-status"`
		Dates     []inDate      `xml:"activity-date"`
		Countries []inCode      `xml:"recipient-country"`
		Sectors   []inCode      `xml:"sector"`
		Budgets   []inBudget    `xml:"budget"`
		Results   []inResult    `xml:"result"`
		Ext       *inExtProject `xml:"https://liaison-registry.org/ns/iati/1 project"`
		Children  []xml.Name    `xml:",any"`
		line      int
	}
)

// FileError is an activities file that cannot be read, with where.
type FileError struct {
	Line    int // 0 when not known
	Message string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s; nothing was imported", e.Line, e.Message)
	}
	return e.Message + "; nothing was imported"
}

// decodeFile reads an activities file into its activities. It refuses
// anything that is not a well-formed iati-activities document, naming
// the line.
func decodeFile(r io.Reader) ([]*inActivity, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFile {
		return nil, &FileError{Message: fmt.Sprintf("the file is larger than %d MiB", MaxFile>>20)}
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		return nil, &FileError{Message: "the file is empty; expected an IATI activities XML document"}
	}
	dec := xml.NewDecoder(strings.NewReader(string(data)))
	// A declared encoding other than UTF-8 (ISO-8859-1, windows-1251...)
	// is converted; bytes that are not in the declared encoding fail
	// below with their line.
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		r, err := charset.NewReaderLabel(label, in)
		if err != nil {
			return nil, fmt.Errorf("the encoding %q is not one this reader knows; save the file as UTF-8", label)
		}
		return r, nil
	}
	var out []*inActivity
	sawRoot := false
	for {
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, readError(err, line, dec)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case !sawRoot:
			if se.Name.Local != "iati-activities" {
				return nil, &FileError{Line: line, Message: fmt.Sprintf("the document is <%s>, not <iati-activities>; expected an IATI activities file", se.Name.Local)}
			}
			sawRoot = true
			for _, a := range se.Attr {
				if a.Name.Local == "version" && !strings.HasPrefix(a.Value, "2.") {
					return nil, &FileError{Line: line, Message: fmt.Sprintf("version %q is not IATI 2.x; expected 2.01 to 2.03", a.Value)}
				}
			}
		case se.Name.Local == "iati-activity":
			if len(out) == MaxActivities {
				return nil, &FileError{Line: line, Message: fmt.Sprintf("more than %d activities; split the file", MaxActivities)}
			}
			startLine, _ := dec.InputPos()
			var a inActivity
			if err := dec.DecodeElement(&a, &se); err != nil {
				l, _ := dec.InputPos()
				return nil, readError(err, l, dec)
			}
			a.line = startLine
			out = append(out, &a)
		default:
			if err := dec.Skip(); err != nil {
				l, _ := dec.InputPos()
				return nil, readError(err, l, dec)
			}
		}
	}
	if !sawRoot {
		return nil, &FileError{Message: "no <iati-activities> element; expected an IATI activities file"}
	}
	return out, nil
}

// readError says what is wrong with the file where, in words for the
// person who exported it.
func readError(err error, line int, dec *xml.Decoder) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg := strings.TrimPrefix(se.Msg, "xml: ")
		switch {
		case se.Msg == "unexpected EOF":
			msg = "the file ends in the middle of an element (truncated?)"
		case strings.Contains(se.Msg, "invalid UTF-8"):
			msg = "the text is not valid UTF-8 although the file says it is; save it as UTF-8 or declare its encoding"
		}
		return &FileError{Line: se.Line, Message: msg}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return &FileError{Line: line, Message: "the file ends in the middle of an element (truncated?)"}
	}
	return &FileError{Line: line, Message: err.Error()}
}

// text gathers narratives into a Text, by xml:lang or the activity's
// language; languages Liaison does not keep are reported by the caller.
func text(ns []inNarrative, defaultLang string) (t map[string]string, other []string) {
	t = map[string]string{}
	for _, n := range ns {
		lang := strings.ToLower(n.Lang)
		if lang == "" {
			lang = defaultLang
		}
		v := strings.TrimSpace(n.Text)
		if v == "" || !utf8.ValidString(v) {
			continue
		}
		switch lang {
		case "en", "az", "ru":
			if t[lang] == "" {
				t[lang] = v
			}
		default:
			other = append(other, lang)
		}
	}
	return t, other
}
