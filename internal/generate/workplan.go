package generate

import (
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/workplan"
)

// Work plans of generated Twinning projects: indicators with baselines,
// targets and quarterly values (some quarters not measured), activities
// with dates, status and planned expert-days (some not given), and the
// working days of experts on missions (some not known), so that the
// dashboards and reports have realistic gaps to show as missing. They
// draw from streams of their own (tagWorkplan), so that the rest of a
// generated registry is what it was before work plans were added.

var (
	indicatorTitles = []tr{
		{"Recommendations implemented by the authorities", "Səlahiyyətli orqanların icra etdiyi tövsiyələr", "Рекомендации, выполненные органами власти"},
		{"Staff trained", "Təlim keçmiş əməkdaşlar", "Обученные сотрудники"},
		{"Visits to places of deprivation of liberty", "Azadlıqdan məhrumetmə yerlərinə səfərlər", "Посещения мест лишения свободы"},
		{"Complaints answered within the legal time limit", "Qanuni müddətdə cavablandırılmış şikayətlər", "Жалобы, рассмотренные в установленный срок"},
		{"Reports published", "Dərc olunmuş hesabatlar", "Опубликованные доклады"},
		{"Awareness events held in the regions", "Regionlarda keçirilmiş maarifləndirmə tədbirləri", "Информационные мероприятия в регионах"},
	}
	indicatorUnits = []string{"%", "staff", "visits", "%", "reports", "events"}
	sources        = []tr{
		{"Annual report of the office", "Aparatın illik hesabatı", "Годовой доклад аппарата"},
		{"Quarterly project report", "Layihənin rüblük hesabatı", "Квартальный отчёт проекта"},
		{"Case-management statistics", "İş idarəetmə statistikası", "Статистика системы управления делами"},
	}
	activityStatuses = []registry.ActivityStatus{registry.ActivityDone, registry.ActivityDone, registry.ActivityOngoing, registry.ActivityPlanned, registry.ActivityPostponed, registry.ActivityCancelled}
)

// Streams of their own, after the others.
const (
	tagWorkplan = tagEdit + 1 + iota
	tagMissionDays
)

// addWorkplan gives a Twinning project's components indicators and their
// activities dates, status and planned expert-days.
func (g *network) addWorkplan(p *registry.Project, info *projInfo) {
	if !info.instrument.IsTwinning() || len(p.Components) == 0 {
		return
	}
	rng := g.rng(tagWorkplan, p.ID)
	from, to := info.span()
	quarters := workplan.Periods(from, to.AddDate(0, 0, -1))
	for c := range p.Components {
		comp := &p.Components[c]
		for r := range comp.Results {
			if rng.IntN(3) == 0 {
				continue // a result without indicators
			}
			comp.Results[r].Indicators = []registry.Indicator{indicator(rng, fmt.Sprintf("%d.%d.a", comp.Number, r+1), quarters)}
		}
		for a := range comp.Activities {
			act := &comp.Activities[a]
			start := from.AddDate(0, rng.IntN(max(1, int(info.months))), 0)
			end := start.AddDate(0, 1+rng.IntN(4), -1)
			act.PlannedStart, act.PlannedEnd = registry.NewDate(start.Year(), int(start.Month()), 0), registry.NewDate(end.Year(), int(end.Month()), 0)
			act.Status = activityStatuses[rng.IntN(len(activityStatuses))]
			if act.Status == registry.ActivityDone || act.Status == registry.ActivityOngoing {
				act.ActualStart = registry.DateOf(start.AddDate(0, 0, rng.IntN(20)))
			}
			if act.Status == registry.ActivityDone {
				act.ActualEnd = registry.DateOf(end.AddDate(0, 0, rng.IntN(20)))
			}
			if rng.IntN(5) > 0 {
				days := 5 * (1 + rng.IntN(8))
				act.PlannedExpertDays = &days
			}
		}
	}
}

// indicator makes an indicator measured over the quarters, one quarter
// in six not measured.
func indicator(rng *rand.Rand, code string, quarters []workplan.Period) registry.Indicator {
	k := rng.IntN(len(indicatorTitles))
	base := 5 + rng.IntN(40)
	target := base + 10 + rng.IntN(40)
	ind := registry.Indicator{
		Code: code, Title: indicatorTitles[k].text(), Unit: indicatorUnits[k],
		Baseline: strconv.Itoa(base), Target: strconv.Itoa(target),
		SourceOfVerification: sources[rng.IntN(len(sources))].text(),
	}
	if len(quarters) > 0 {
		ind.BaselineDate = registry.DateOf(quarters[0].From)
		ind.TargetDate = registry.DateOf(quarters[len(quarters)-1].To)
	}
	for i, q := range quarters {
		if i >= registry.MaxListItems {
			break
		}
		switch rng.IntN(6) {
		case 0:
			continue // not reported
		case 1:
			ind.Values = append(ind.Values, registry.IndicatorValue{Period: q.Quarter.String()}) // reported, not measured
		default:
			v := base + (target-base)*(i+1)/len(quarters) + rng.IntN(5) - 2
			ind.Values = append(ind.Values, registry.IndicatorValue{Period: q.Quarter.String(), Value: strconv.Itoa(v)})
		}
	}
	return ind
}

// addWorkingDays gives the experts of a mission their working days, one
// in ten not known.
func (g *network) addWorkingDays(e *registry.Event) {
	if e.Kind != registry.ExpertMission {
		return
	}
	rng := g.rng(tagMissionDays, e.ID)
	most := 5 // no more than the mission lasted
	if e.Start.Precision() == registry.Day && e.End.Precision() == registry.Day {
		most = min(most, int(e.End.First().Sub(e.Start.First()).Hours()/24)+1)
	}
	for i := range e.Participants {
		p := &e.Participants[i]
		if p.Role != registry.RoleExpert || rng.IntN(10) == 0 {
			continue
		}
		days := 1 + rng.IntN(most)
		p.WorkingDays = &days
	}
}
