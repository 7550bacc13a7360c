package workplan

import (
	"strconv"

	"github.com/liaison-registry/liaison/internal/registry"
)

// Number is a figure that may be missing. The zero Number is missing:
// a figure is known only when every input it is made from is.
type Number struct {
	Value float64
	Known bool
}

// Missing is the missing Number.
var Missing = Number{}

// Known returns a known Number.
func Known(v float64) Number { return Number{Value: v, Known: true} }

// ParseNumber reads a decimal string of the registry ("12.5"); "" or
// anything that is not a number is missing.
func ParseNumber(s string) Number {
	if s == "" {
		return Missing
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return Missing
	}
	return Known(v)
}

// String is the value in the shortest form that reads back the same
// ("12.5", "40"), or "n/a" when missing. Pages in other languages format
// Value themselves.
func (n Number) String() string {
	if !n.Known {
		return "n/a"
	}
	return strconv.FormatFloat(n.Value, 'f', -1, 64)
}

// ValueIn is the indicator's value reported for the quarter; missing when
// the quarter was not reported, or was reported without a value.
func ValueIn(ind registry.Indicator, q Quarter) Number {
	for _, v := range ind.Values {
		if v.Period == q.String() {
			return ParseNumber(v.Value)
		}
	}
	return Missing
}

// Latest is the indicator's latest known value in or before the quarter,
// and the quarter it was reported for: periods reported without a value
// are passed over, so a quarter not measured does not hide the one
// before it. Missing (with the zero Quarter) when no value is known by
// then.
func Latest(ind registry.Indicator, upTo Quarter) (Number, Quarter) {
	var best Quarter
	latest := Missing
	for _, v := range ind.Values {
		q, err := ParseQuarter(v.Period)
		if err != nil || upTo.Before(q) {
			continue
		}
		n := ParseNumber(v.Value)
		if n.Known && (best.IsZero() || best.Before(q)) {
			best, latest = q, n
		}
	}
	return latest, best
}

// Progress is how far the indicator has come from its baseline towards
// its target by the quarter: (latest − baseline) / (target − baseline),
// 0 at the baseline and 1 at the target, below 0 when it went the wrong
// way and above 1 when it went further. It works the same for targets
// below the baseline (fewer complaints pending). Missing when the
// baseline, the target or any value by then is missing, or when the
// target equals the baseline (there is no way to go).
func Progress(ind registry.Indicator, upTo Quarter) Number {
	base, target := ParseNumber(ind.Baseline), ParseNumber(ind.Target)
	latest, _ := Latest(ind, upTo)
	if !base.Known || !target.Known || !latest.Known || target.Value == base.Value {
		return Missing
	}
	return Known((latest.Value - base.Value) / (target.Value - base.Value))
}
