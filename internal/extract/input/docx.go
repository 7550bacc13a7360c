package input

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"golang.org/x/net/html/charset"
)

// The WordprocessingML namespaces: transitional (what Word writes) and
// strict; and markup compatibility, whose mc:Fallback repeats what
// mc:Choice holds.
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	relOffice = "/officeDocument"
)

// docxText returns the text of a Word document's body: each paragraph a
// paragraph, list paragraphs as "- " lines, table rows as lines with their
// cells separated by a tab. Headers, footers, footnotes and comments are
// other parts and are not read; deleted text and field codes are left out.
func docxText(data []byte) (string, error) {
	if bytes.HasPrefix(data, cfbMagic) {
		return "", errors.New("not a DOCX file but a Compound File: a password-protected Office document or an old binary .doc; remove the password and save it as .docx")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fmt.Errorf("not a DOCX file (a DOCX is a ZIP archive, and this one cannot be read: %v)", err)
	}
	f, err := mainPart(zr)
	if err != nil {
		return "", err
	}
	rc, err := openPart(f, MaxDocumentXML)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	text, err := readDocumentXML(rc)
	if errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) {
		return "", fmt.Errorf("%s is damaged: it does not unpack to the size and checksum its header gives (%v)", f.Name, err)
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", f.Name, err)
	}
	return text, nil
}

// mainPart is word/document.xml, or the part the package's relationships
// name as the main document.
func mainPart(zr *zip.Reader) (*zip.File, error) {
	files := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		files[f.Name] = f
	}
	if f := files["word/document.xml"]; f != nil {
		return f, nil
	}
	if rels := files["_rels/.rels"]; rels != nil {
		if target, err := officeDocument(rels); err == nil && files[target] != nil {
			return files[target], nil
		}
	}
	if files["content.xml"] != nil {
		return nil, errors.New("an OpenDocument file, not a DOCX; save it as .docx")
	}
	return nil, errors.New("a ZIP archive but not a Word document: it has no word/document.xml")
}

// officeDocument reads the package relationships for the main part's name.
func officeDocument(rels *zip.File) (string, error) {
	rc, err := openPart(rels, 1<<20)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	var doc struct {
		Rels []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.NewDecoder(rc).Decode(&doc); err != nil {
		return "", err
	}
	for _, r := range doc.Rels {
		if strings.HasSuffix(r.Type, relOffice) {
			return strings.TrimPrefix(path.Clean("/"+r.Target), "/"), nil
		}
	}
	return "", errors.New("no main document")
}

// openPart opens a part for reading at most limit bytes of it, whatever
// its header claims: past that, reading fails.
func openPart(f *zip.File, limit int64) (io.ReadCloser, error) {
	if f.Flags&0x1 != 0 {
		return nil, fmt.Errorf("%s is encrypted; remove the password and save the document again", f.Name)
	}
	if f.UncompressedSize64 > uint64(limit) {
		return nil, fmt.Errorf("%s unpacks to %d MiB, more than the %d MiB read", f.Name, f.UncompressedSize64>>20, limit>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", f.Name, err)
	}
	return &limitedReadCloser{rc: rc, name: f.Name, left: limit}, nil
}

// limitedReadCloser fails once more than its limit has been read.
type limitedReadCloser struct {
	rc   io.ReadCloser
	name string
	left int64
}

func (l *limitedReadCloser) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, l.tooLarge()
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.rc.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return 0, l.tooLarge()
	}
	return n, err
}

func (l *limitedReadCloser) tooLarge() error {
	return fmt.Errorf("%s unpacks to more than the %d MiB read (a ZIP bomb?)", l.name, MaxDocumentXML>>20)
}

func (l *limitedReadCloser) Close() error { return l.rc.Close() }

// paragraph is the state of a w:p being read; text boxes nest them.
type paragraph struct {
	list    bool // it has numbering: a list item
	started bool // its first text was written
}

// docxReader walks document.xml's elements.
type docxReader struct {
	w        writer
	paras    []paragraph
	cells    int  // depth of table cells (w:tc)
	runs     int  // depth of runs (w:r)
	inText   int  // depth of w:t
	fallback int  // depth of mc:Fallback, whose content repeats mc:Choice's
	prevList bool // the previous paragraph was a list item
}

func readDocumentXML(r io.Reader) (string, error) {
	d := xml.NewDecoder(r)
	d.CharsetReader = charset.NewReaderLabel
	var dr docxReader
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return dr.w.String(), nil
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > MaxDepth {
				return "", fmt.Errorf("elements nest deeper than %d", MaxDepth)
			}
			dr.start(t.Name)
		case xml.EndElement:
			depth--
			dr.end(t.Name)
		case xml.CharData:
			if dr.inText > 0 && dr.fallback == 0 {
				dr.text(string(t))
			}
		}
	}
}

func isW(n xml.Name) bool { return n.Space == nsW || n.Space == nsWStrict }

func (dr *docxReader) start(n xml.Name) {
	if n.Space == nsMC && n.Local == "Fallback" {
		dr.fallback++
		return
	}
	if !isW(n) || dr.fallback > 0 {
		return
	}
	switch n.Local {
	case "p":
		dr.paras = append(dr.paras, paragraph{})
	case "numPr":
		if len(dr.paras) > 0 {
			dr.paras[len(dr.paras)-1].list = true
		}
	case "tbl":
		dr.w.brk(2)
		dr.prevList = false
	case "tr":
		dr.w.brk(1)
	case "tc":
		dr.cells++
		dr.w.tab()
	case "r":
		dr.runs++
	case "t":
		dr.inText++
	case "tab", "ptab":
		if dr.runs > 0 {
			dr.begin()
			dr.w.tab()
		}
	case "br", "cr":
		if dr.runs > 0 {
			dr.begin()
			dr.w.br()
		}
	case "noBreakHyphen":
		if dr.runs > 0 {
			dr.text("-")
		}
	}
}

func (dr *docxReader) end(n xml.Name) {
	if n.Space == nsMC && n.Local == "Fallback" {
		dr.fallback--
		return
	}
	if !isW(n) || dr.fallback > 0 {
		return
	}
	switch n.Local {
	case "p":
		if k := len(dr.paras) - 1; k >= 0 {
			if p := dr.paras[k]; p.started && dr.cells == 0 {
				dr.prevList = p.list
			}
			dr.paras = dr.paras[:k]
		}
	case "tbl":
		dr.w.brk(2)
	case "tr":
		dr.w.brk(1)
	case "tc":
		dr.cells--
		dr.w.tab()
	case "r":
		dr.runs--
	case "t":
		dr.inText--
	}
}

func (dr *docxReader) text(s string) {
	dr.begin()
	dr.w.text(s)
}

// begin breaks before the current paragraph's first text: a paragraph
// break, a line break between list items, a space between paragraphs
// of one table cell.
func (dr *docxReader) begin() {
	k := len(dr.paras) - 1
	if k < 0 || dr.paras[k].started {
		return
	}
	p := &dr.paras[k]
	p.started = true
	switch {
	case dr.cells > 0:
		dr.w.space()
	case p.list:
		if dr.prevList {
			dr.w.brk(1)
		} else {
			dr.w.brk(2)
		}
		dr.w.prefix = "- "
	default:
		dr.w.brk(2)
	}
}
