package registry

import "time"

// MonthsBetween is the number of whole months from start's first day to
// the day after end's last day, rounded to the nearest month.
func MonthsBetween(start, end Date) int {
	a, b := start.First(), end.Last().AddDate(0, 0, 1)
	months := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day()-a.Day() >= 15 {
		months++
	} else if a.Day()-b.Day() > 15 {
		months--
	}
	return months
}

// LatestEnd is the last day the project can have run to: its end date,
// or else its latest possible start plus its duration. ok is false when
// neither is known.
func (p *Project) LatestEnd() (last time.Time, ok bool) {
	switch {
	case !p.End.IsZero() && p.End.Valid():
		return p.End.Last(), true
	case !p.Start.IsZero() && p.Start.Valid() && p.DurationMonths > 0:
		return p.Start.Last().AddDate(0, p.DurationMonths, -1), true
	}
	return time.Time{}, false
}

// StatusOn derives the project's status on a day from its dates: planned
// before its earliest start, completed after its latest end, ongoing in
// between, and unknown when the dates do not tell.
func (p *Project) StatusOn(today time.Time) ProjectStatus {
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	startKnown := !p.Start.IsZero() && p.Start.Valid()
	if startKnown && p.Start.First().After(day) {
		return Planned
	}
	last, endKnown := p.LatestEnd()
	switch {
	case endKnown && last.Before(day):
		return Completed
	case startKnown && endKnown && !p.Start.Last().After(day):
		return Ongoing
	}
	return StatusUnknown
}
