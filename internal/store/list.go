package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/liaison-registry/liaison/internal/registry"
)

// Filter narrows a list. Each record type honours the fields that make
// sense for it (see the List methods); the API refuses the others.
type Filter struct {
	Year       int    // overlapping the calendar year
	Instrument string // twinning, twinning_light, taiex, other
	Kind       string
	Country    string // involving the country (see each List method)
	ProjectID  int64
	PersonID   int64
	// InstitutionID keeps records the institution takes part in: its
	// people (affiliated), its projects (funder, beneficiary or partner),
	// its events (funder, or a participant's institution at the time), its
	// sub-institutions, its publications (publisher).
	InstitutionID int64
	Status        registry.Status // only records with this status ("" for all)
	Q             string          // words the name, title or reference contain
	Sort          string          // "name", "date", "updated" or "id"; "" for the type's natural order
	Offset        int             // skip this many (for numbered pages; After is cheaper)
	// Partner keeps records funded or published by one of these
	// institutions (a partner and its sub-bodies, see InstitutionTree).
	Partner []int64
	After   Cursor // continue after this record
	ByID    bool   // order by id instead of the type's natural order
	Desc    bool   // newest (or last) first
	NotKind string // leave out this kind
	Limit   int    // 1..MaxLimit, DefaultLimit when 0

	commonCountry bool // set by Events: Country has many participants
}

const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Cursor marks a place in a list ordered by a sort key and then id, so a
// page is found by index rather than by skipping rows.
type Cursor struct {
	Key string `json:"k"`
	ID  int64  `json:"i"`
}

// IsZero reports the start of the list.
func (c Cursor) IsZero() bool { return c.ID == 0 && c.Key == "" }

// Encode gives the cursor as an opaque URL-safe token.
func (c Cursor) Encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ErrCursor is returned for a cursor token that was not made by Encode.
var ErrCursor = errors.New("is not a cursor from a previous page; use the next link of the list as given")

// DecodeCursor reads a token made by Encode.
func DecodeCursor(s string) (Cursor, error) {
	var c Cursor
	if s == "" {
		return c, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 1024 || json.Unmarshal(b, &c) != nil || c.ID <= 0 {
		return Cursor{}, ErrCursor
	}
	return c, nil
}

// Page is one page of a list; Next is set when more follow.
type Page[T any] struct {
	Items []T
	Next  *Cursor
}

// where builds a WHERE clause; conditions use ? for their arguments, which
// become numbered $N placeholders.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	var b strings.Builder
	n := 0
	for _, r := range cond {
		if r == '?' {
			w.args = append(w.args, args[n])
			n++
			fmt.Fprintf(&b, "$%d", len(w.args))
			continue
		}
		b.WriteRune(r)
	}
	if n != len(args) {
		panic(fmt.Sprintf("where.add(%q): %d placeholders, %d arguments", cond, n, len(args)))
	}
	w.conds = append(w.conds, b.String())
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// yearRange adds "overlaps year" for a start and end column of partial
// dates stored as ISO text: it starts before the next year and ends (or,
// without an end, starts) in the year or after.
func (w *where) yearRange(startCol, endCol string, year int) {
	from, to := fmt.Sprintf("%04d", year), fmt.Sprintf("%04d", year+1)
	w.add(fmt.Sprintf("%s <> '' AND %s < ? AND (CASE WHEN %s = '' THEN %s ELSE %s END) >= ?", startCol, startCol, endCol, startCol, endCol), to, from)
}

// common adds the conditions every record type shares: status, and a
// text search over the given columns.
func (w *where) common(f Filter, searchCols ...string) {
	if f.Status != "" {
		w.add("status = ?", f.Status)
	}
	if q := strings.TrimSpace(f.Q); q != "" && len(searchCols) > 0 {
		pattern := "%" + likeEscaper.Replace(strings.ToLower(q)) + "%"
		var ors []string
		var args []any
		for _, c := range searchCols {
			ors = append(ors, "LOWER("+c+") LIKE ? ESCAPE '\\'")
			args = append(args, pattern)
		}
		w.add("("+strings.Join(ors, " OR ")+")", args...)
	}
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)

// sortColumn picks the column a list is ordered by: the one f.Sort names,
// if the type has it, else the type's natural order.
func sortColumn(f Filter, natural string, columns map[string]string) string {
	if c, ok := columns[f.Sort]; ok {
		return c
	}
	return natural
}

// keyset adds the condition and order for a page after f.After, sorting
// by sortCol then id, and returns the ORDER BY ... LIMIT clause. It asks
// for one row more than the page, to know whether another follows.
func (w *where) keyset(f Filter, sortCol, idCol string) string {
	if f.ByID || f.Sort == "id" {
		if f.After.ID != 0 {
			cmp := " > ?"
			if f.Desc {
				cmp = " < ?"
			}
			w.add(idCol+cmp, f.After.ID)
		}
		dir := ""
		if f.Desc {
			dir = " DESC"
		}
		return fmt.Sprintf(" ORDER BY %s%s LIMIT %d", idCol, dir, limitOf(f)+1)
	}
	cmp, dir := ">", ""
	if f.Desc {
		cmp, dir = "<", " DESC"
	}
	if !f.After.IsZero() {
		w.add(fmt.Sprintf("(%s %s ? OR (%s = ? AND %s %s ?))", sortCol, cmp, sortCol, idCol, cmp), f.After.Key, f.After.Key, f.After.ID)
	}
	order := fmt.Sprintf(" ORDER BY %s%s, %s%s LIMIT %d", sortCol, dir, idCol, dir, limitOf(f)+1)
	if f.Offset > 0 && f.After.IsZero() {
		order += fmt.Sprintf(" OFFSET %d", f.Offset)
	}
	return order
}

func limitOf(f Filter) int {
	switch {
	case f.Limit <= 0:
		return DefaultLimit
	case f.Limit > MaxLimit:
		return MaxLimit
	}
	return f.Limit
}

// scanPage reads rows of (sort key, id, record columns...) into a page,
// trimming the extra row keyset asked for into a Next cursor.
func scanPage[T any](rows *sql.Rows, f Filter, dest func(*T) []any) (Page[T], error) {
	defer rows.Close()
	var items []T
	var keys []Cursor
	for rows.Next() {
		var item T
		var key Cursor
		if err := rows.Scan(append([]any{&key.Key, &key.ID}, dest(&item)...)...); err != nil {
			return Page[T]{}, err
		}
		items = append(items, item)
		keys = append(keys, key)
	}
	if err := rows.Err(); err != nil {
		return Page[T]{}, err
	}
	n := limitOf(f)
	if len(items) <= n {
		return Page[T]{Items: items}, nil
	}
	return Page[T]{Items: items[:n], Next: &keys[n-1]}, nil
}

// count runs SELECT COUNT(*) over a table with the filter's conditions.
func (c Reader) count(ctx context.Context, table string, w where) (int, error) {
	query := "SELECT COUNT(*) FROM " + table + w.String()
	return cachedCount(ctx, c, countKey(query, w.args), func() (int, error) {
		var n int
		err := c.q.QueryRowContext(ctx, query, w.args...).Scan(&n)
		return n, err
	})
}

// maxPartnerBranches is the most partner institutions a list reads one
// by one; a larger scope is read as one range.
const maxPartnerBranches = 64

// listSpec says how to list a table.
type listSpec struct {
	table, columns   string
	partnerCol       string // the column Filter.Partner filters on
	startCol, endCol string // the dates Filter.Year filters on
	where            func(Filter) where
}

// listQuery is the query of one page of a list, rows of (sort key, id,
// columns...) for scanPage.
//
// A year is "starts before the next year and ends in it or after": an
// index on the start date can only stop at the next year, so the whole
// past is read and its end dates compared. But no record starts earlier
// than the longest any record lasts: that bound (kept per version of the
// registry) lets the index start reading there too.
//
// A partnership's scope is an institution with its departments: the EU
// is sixteen institutions. Asked for "the 25 newest events funded by any
// of these", SQLite and PostgreSQL both read every event of the sixteen
// through the funder's index and sort them (170 ms for 110,000 events),
// or walk all events newest first (fast for the EU, slow for a partner
// with few). Asked for the 25 newest of each institution, the funder's
// index (funder, status, date) gives them in order at once, so the query
// takes those, at most 26 per institution, and sorts only them.
func (c Reader) listQuery(ctx context.Context, f Filter, spec listSpec, sortCol string) (string, []any, error) {
	whereOf := spec.where
	if f.Year != 0 && spec.endCol != "" {
		span, err := c.longestSpan(ctx, spec)
		if err != nil {
			return "", nil, err
		}
		from := fmt.Sprintf("%04d", f.Year-span)
		whereOf = func(f Filter) where {
			w := spec.where(f)
			w.add(spec.startCol+" >= ?", from)
			return w
		}
	}
	w := whereOf(f)
	if len(f.Partner) < 2 || len(f.Partner) > maxPartnerBranches || f.Offset > 0 || f.ByID || f.Sort != "" {
		order := w.keyset(f, sortCol, "id")
		return "SELECT " + sortCol + ", id, " + spec.columns + " FROM " + spec.table + w.String() + order, w.args, nil
	}
	var branches []string
	var args []any
	for i, p := range f.Partner {
		one := f
		one.Partner = []int64{p}
		b := whereOf(one)
		order := b.keyset(one, sortCol, "id")
		branches = append(branches, fmt.Sprintf("SELECT id FROM (SELECT id FROM %s%s) AS p%d", spec.table, renumber(b.String()+order, len(args)), i))
		args = append(args, b.args...)
	}
	var outer where
	order := outer.keyset(f, sortCol, "id")
	return "SELECT " + sortCol + ", id, " + spec.columns + " FROM " + spec.table + " WHERE id IN (" + strings.Join(branches, " UNION ALL ") + ")" +
		renumber(strings.Replace(outer.String(), " WHERE ", " AND ", 1)+order, len(args)), append(args, outer.args...), nil
}

// longestSpan is the most calendar years any record of the table spans
// beyond its first (0 when none runs into another year). Its condition is
// that of the partial index events_multiyear (migration 7), which holds
// only such records.
func (c Reader) longestSpan(ctx context.Context, spec listSpec) (int, error) {
	start, end := spec.startCol, spec.endCol
	query := fmt.Sprintf("SELECT COALESCE(MAX(CAST(substr(%s, 1, 4) AS INTEGER) - CAST(substr(%s, 1, 4) AS INTEGER)), 0) FROM %s WHERE %s <> '' AND substr(%s, 1, 4) > substr(%s, 1, 4)",
		end, start, spec.table, start, end, start)
	return cachedCount(ctx, c, query, func() (int, error) {
		var n int
		err := c.q.QueryRowContext(ctx, query).Scan(&n)
		return max(n, 0), err
	})
}

var placeholder = regexp.MustCompile(`\$[0-9]+`)

// renumber moves the placeholders of a piece of a query ($1, $2...) by
// n, for a query made of pieces built apart.
func renumber(sql string, n int) string {
	if n == 0 {
		return sql
	}
	return placeholder.ReplaceAllStringFunc(sql, func(p string) string {
		i, _ := strconv.Atoi(p[1:])
		return "$" + strconv.Itoa(i+n)
	})
}
