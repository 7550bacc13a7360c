package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/liaison-registry/liaison/internal/registry"
)

// Conversions between registry values and columns. They live here rather
// than as Scan/Value methods on the registry types, which know nothing of
// SQL.

// textArg is a Text as its column value: canonical JSON, "{}" when empty.
func textArg(t registry.Text) string {
	if len(t) == 0 {
		return "{}"
	}
	b, err := json.Marshal(t) // map keys come out sorted
	if err != nil {
		panic(err) // a map of strings always encodes
	}
	return string(b)
}

// textCol scans a Text column.
type textCol struct{ t *registry.Text }

func (c textCol) Scan(src any) error {
	b, err := bytesOf(src)
	if err != nil {
		return err
	}
	var t registry.Text
	if err := json.Unmarshal(b, &t); err != nil {
		return fmt.Errorf("text column holds %q: %w", b, err)
	}
	if len(t) == 0 {
		t = nil
	}
	*c.t = t
	return nil
}

// dateCol scans a date column (” is unknown).
type dateCol struct{ d *registry.Date }

func (c dateCol) Scan(src any) error {
	b, err := bytesOf(src)
	if err != nil {
		return err
	}
	d, err := registry.ParseDate(string(b))
	if err != nil {
		return fmt.Errorf("date column: %w", err)
	}
	*c.d = d
	return nil
}

// idCol scans a nullable reference into 0 for none.
type idCol struct{ id *int64 }

func (c idCol) Scan(src any) error {
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	*c.id = n.Int64
	return nil
}

// intCol scans a nullable integer into 0 for none.
type intCol struct{ n *int }

func (c intCol) Scan(src any) error {
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	*c.n = int(n.Int64)
	return nil
}

func bytesOf(src any) ([]byte, error) {
	switch v := src.(type) {
	case string:
		return []byte(v), nil
	case []byte:
		return v, nil
	case nil:
		return nil, nil
	}
	return nil, fmt.Errorf("unexpected column type %T", src)
}

// idArg is a reference as a column value: NULL for none.
func idArg(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// intArg is an optional number as a column value: NULL for none.
func intArg(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func boolArg(b bool) int {
	if b {
		return 1
	}
	return 0
}

// placeholders returns "$from, $from+1, ..." for n values.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", from+i)
	}
	return b.String()
}

// int64Args turns ids into query arguments.
func int64Args(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}

// queryIDs runs a query returning one integer column.
func (c Reader) queryIDs(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, err := c.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// chunks splits ids so that no query binds more parameters than both
// databases allow.
func chunks(ids []int64, size int) [][]int64 {
	var out [][]int64
	for len(ids) > size {
		out = append(out, ids[:size])
		ids = ids[size:]
	}
	if len(ids) > 0 {
		out = append(out, ids)
	}
	return out
}

const maxParams = 500
