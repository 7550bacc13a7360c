package input

import (
	"strings"
	"unicode"
)

// writer lays out the text of a marked-up document: runs of white space
// become one space, blocks become line breaks (1) or paragraph breaks (2),
// and separators (a space, a tab between table cells) appear only between
// two pieces of text on the same line. A break is written lazily, before
// the next text, so that empty blocks and trailing breaks leave nothing.
type writer struct {
	b       strings.Builder
	started bool   // some text was written
	breaks  int    // line ends owed before the next text: 0, 1 or 2
	sep     string // "", " " or "\t", owed before the next text on this line
	prefix  string // written at the start of the next line of text ("- ")
	pre     int    // inside <pre>: newlines in text are line breaks
}

// brk asks for a line break (1) or a paragraph break (2).
func (w *writer) brk(n int) {
	if !w.started {
		return
	}
	w.breaks = max(w.breaks, n)
	w.sep = ""
}

// br is a hard line break: two in a row make a paragraph break.
func (w *writer) br() {
	if !w.started {
		return
	}
	w.breaks = min(w.breaks+1, 2)
	w.sep = ""
}

// space separates words; tab separates table cells and wins over a space.
func (w *writer) space() {
	if w.sep == "" {
		w.sep = " "
	}
}

func (w *writer) tab() { w.sep = "\t" }

// item starts a list item on a line of its own.
func (w *writer) item() {
	w.brk(1)
	w.prefix = "- "
}

// text writes s, collapsing its white space.
func (w *writer) text(s string) {
	for _, r := range s {
		switch {
		case r == '\n' && w.pre > 0:
			w.br()
		case unicode.IsSpace(r):
			w.space()
		case r == '\u00AD', r == '\u200B', r == '\uFEFF':
			// soft hyphen, zero-width space, stray byte order mark: invisible
		default:
			w.char(r)
		}
	}
}

func (w *writer) char(r rune) {
	if w.breaks > 0 {
		w.b.WriteString("\n\n"[:w.breaks])
		w.breaks, w.sep = 0, ""
	} else if w.sep != "" && w.started {
		w.b.WriteString(w.sep)
	}
	w.sep = ""
	if w.prefix != "" {
		w.b.WriteString(w.prefix)
		w.prefix = ""
	}
	w.b.WriteRune(r)
	w.started = true
}

// String is the text, ending with a line end when it is not empty.
func (w *writer) String() string {
	if !w.started {
		return ""
	}
	return w.b.String() + "\n"
}
