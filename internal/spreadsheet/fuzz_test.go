package spreadsheet_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/liaison-registry/liaison/internal/spreadsheet"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// FuzzImport feeds CSV files of every record type to a dry-run import
// against a registry holding the demo records (one SQLite registry per
// fuzzing process). Whatever the file, the answer is a result or a
// *spreadsheet.Error whose every problem has a row and a message, never
// a panic; and a dry run writes nothing.
func FuzzImport(f *testing.F) {
	st := storetest.Demo(f)
	ctx := context.Background()
	types := spreadsheet.TypeNames
	// Real sheets: each type as exported, which imports unchanged; the
	// header and two rows, since every row costs look-ups in the store
	// and the fuzzing engine minimises what it finds byte by byte.
	for i, typ := range types {
		var buf bytes.Buffer
		if err := spreadsheet.Export(ctx, st, typ, &buf, false); err != nil {
			f.Fatal(err)
		}
		rows := bytes.SplitAfter(buf.Bytes(), []byte("\n"))
		f.Add(uint8(i), bytes.Join(rows[:min(3, len(rows))], nil))
	}
	for i := range types {
		for _, s := range []string{
			"",
			"\uFEFFid,slug\n1,x\n",
			"id\nabc\n-1\n99999999999999999999\n",
			"slug,slug\na,b\n",
			"nosuchcolumn\n1\n",
			"id,status\n1,\"unclosed\n",
			"id,status\n1\n",
			"id,status\n1,published,extra\n",
			"slug,status\nnew,=1+1\n,'=cmd|' /C calc'!A0\n",
			"id,version\n1,0\n1,1\n",
			"a\xffb\n",
			"\"\"\"\n\r\n\r",
		} {
			f.Add(uint8(i), []byte(s))
		}
	}
	// The registry's version changes with every write: cheaper to compare
	// each time than an export.
	version := func(tb testing.TB) int64 {
		var v int64
		err := st.View(ctx, func(rd *store.Reader) (err error) {
			v, err = rd.RegistryVersion(ctx)
			return err
		})
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
	before := version(f)
	f.Fuzz(func(t *testing.T, typIndex uint8, data []byte) {
		typ := types[int(typIndex)%len(types)]
		_, err := spreadsheet.Import(ctx, st, typ, bytes.NewReader(data), true)
		if err != nil {
			var se *spreadsheet.Error
			if !errors.As(err, &se) {
				t.Fatalf("%s: unexpected error type %T: %v", typ, err, err)
			}
			if len(se.Problems) == 0 {
				t.Fatalf("%s: an error without problems", typ)
			}
			for _, p := range se.Problems {
				if p.Row < 1 || p.Message == "" {
					t.Fatalf("%s: a problem without a row or a message: %+v", typ, p)
				}
			}
		}
		if version(t) != before {
			t.Fatalf("%s: a dry run changed the registry", typ)
		}
	})
}
