package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/liaison-registry/liaison/internal/registry"
)

// InstrumentUse counts, per instrument, the projects and events funded by
// the partner institutions (an event without an instrument of its own
// counts under its project's).
type InstrumentUse struct {
	Instrument registry.Instrument
	Projects   int
	Events     int
}

// InstrumentsUsed returns the instruments the partner's projects and
// events used, in the order of registry.Instruments.
func (c Reader) InstrumentsUsed(ctx context.Context, partner []int64, status registry.Status) ([]InstrumentUse, error) {
	if len(partner) == 0 {
		return nil, nil
	}
	return cachedCount(ctx, c, countKey("instruments used", []any{partner, status}), func() ([]InstrumentUse, error) {
		return c.instrumentsUsed(ctx, partner, status)
	})
}

func (c Reader) instrumentsUsed(ctx context.Context, partner []int64, status registry.Status) ([]InstrumentUse, error) {
	counts := map[registry.Instrument]*InstrumentUse{}
	at := func(i registry.Instrument) *InstrumentUse {
		if counts[i] == nil {
			counts[i] = &InstrumentUse{Instrument: i}
		}
		return counts[i]
	}
	in := placeholders(1, len(partner))
	args := int64Args(partner)
	only := ""
	if status != "" {
		only = fmt.Sprintf(" AND status = $%d", len(partner)+1)
		args = append(args, status)
	}
	err := c.eachRow(ctx, "SELECT instrument, COUNT(*) FROM projects WHERE funder_id IN ("+in+")"+only+" GROUP BY instrument", args, func(rows *sql.Rows) error {
		var i registry.Instrument
		var n int
		if err := rows.Scan(&i, &n); err != nil {
			return err
		}
		at(i).Projects += n
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Grouped by an expression, not the column: given the column,
	// SQLite reads every event in the order of the instrument's index to
	// save a sort of four groups (0.3 s on 200,000 events) instead of the
	// partner's events by the funder's index (25 ms).
	err = c.eachRow(ctx, "SELECT resolved_instrument || '', COUNT(*) FROM events WHERE resolved_funder_id IN ("+in+")"+only+" GROUP BY resolved_instrument || ''", args, func(rows *sql.Rows) error {
		var i registry.Instrument
		var n int
		if err := rows.Scan(&i, &n); err != nil {
			return err
		}
		if i != "" {
			at(i).Events += n
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []InstrumentUse
	for _, i := range registry.Instruments {
		if u := counts[i]; u != nil {
			out = append(out, *u)
		}
	}
	return out, nil
}
