package generate

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/liaison-registry/liaison/internal/exchange"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/slug"
)

// LastYear is the last year a network registry covers: Network(n, 30, s)
// spans 1996 to 2025. It is fixed so that a seed always gives the same
// registry, whatever the date.
const LastYear = 2025

// Limits of Network's arguments.
const (
	MinInstitutions = 4
	MaxInstitutions = 10000
	MaxYears        = 100
	// MaxInstitutionYears bounds institutions × years, and with it the
	// index Stream keeps (a few hundred megabytes at this bound, a
	// registry of 6.7 million events).
	MaxInstitutionYears = 200000
)

// Network is the size of the registry a network of institutions keeps
// over years, in the proportions of a network's registry: per institution
// and year about 3.3 projects, 33 events, 17 people and 1.7 publications,
// and, through the events' 3 to 10 participants (5 on average), about 167
// participations. A network of 200 institutions over 30 years holds
// 20,000 projects, 200,000 events, 100,000 people and about 1,000,000
// participations. Every count grows linearly with institutions × years.
// Stream and Write make it; Document ignores Years.
func Network(institutions, years int, seed uint64) Size {
	iy := institutions * years
	return Size{
		Institutions: institutions,
		Years:        years,
		People:       iy * 50 / 3,
		Projects:     iy * 10 / 3,
		Events:       iy * 100 / 3,
		Publications: iy * 5 / 3,
		Seed:         seed,
	}
}

// Check reports a size Stream cannot make.
func (s Size) Check() error {
	switch {
	case s.Years < 1 || s.Years > MaxYears:
		return fmt.Errorf("years must be between 1 and %d, not %d", MaxYears, s.Years)
	case s.Institutions < MinInstitutions || s.Institutions > MaxInstitutions:
		return fmt.Errorf("institutions must be between %d and %d, not %d", MinInstitutions, MaxInstitutions, s.Institutions)
	case s.Institutions*s.Years > MaxInstitutionYears:
		return fmt.Errorf("institutions × years must be at most %d, not %d", MaxInstitutionYears, s.Institutions*s.Years)
	case s.People < 0 || s.Projects < 0 || s.Events < 0 || s.Publications < 0:
		return errors.New("counts must not be negative")
	case s.Events > 0 && s.People < 10:
		return errors.New("events need at least 10 people to take part in them")
	}
	return nil
}

// Chunk is a part of a generated registry, written in order: Doc with
// exchange.Import (one transaction), then Files attached to its records,
// then Edits, later versions of some of its records, imported in a
// transaction of their own. Records of a chunk refer to records of its
// own and earlier chunks only.
type Chunk struct {
	Index int
	Doc   *exchange.Document
	Files []File
	Edits *exchange.Document // nil when there are none
	// Participations is the number of participants of Doc's events.
	Participations int
}

// Records is the number of records in the chunk's Doc.
func (c *Chunk) Records() int { return docRecords(c.Doc) }

// EditCount is the number of later versions in Edits.
func (c *Chunk) EditCount() int {
	if c.Edits == nil {
		return 0
	}
	return docRecords(c.Edits)
}

func docRecords(d *exchange.Document) int {
	return len(d.Institutions) + len(d.People) + len(d.Programmes) + len(d.Partnerships) + len(d.Projects) + len(d.Events) + len(d.Publications)
}

// File is a document to attach to a record (store.Tx.AddDocument).
type File struct {
	OwnerType string // project, event or publication
	OwnerID   int64
	Title     string
	Filename  string
	Status    registry.Status
	Data      []byte
}

// Stream generates a network registry chunk by chunk, so that however
// large the registry, only a chunk of it is in memory at once, with an
// index of a few bytes per person and project (whose careers and dates
// later chunks refer to).
type Stream struct {
	g     *network
	chunk int
	index int
	// where the next chunk starts: a year, a section of it, an id.
	year, phase int
	next        int64
	started     bool
}

// DefaultChunk is the number of records per chunk when none is given.
const DefaultChunk = 5000

// NewStream prepares the generation of a registry of the given size
// (Network's, with Years) in chunks of about chunkRecords records.
func NewStream(size Size, chunkRecords int) (*Stream, error) {
	if err := size.Check(); err != nil {
		return nil, err
	}
	if chunkRecords <= 0 {
		chunkRecords = DefaultChunk
	}
	return &Stream{g: newNetwork(size), chunk: chunkRecords}, nil
}

// Total is the number of records the whole registry holds.
func (s *Stream) Total() int {
	g := s.g
	return len(g.inst) + len(g.programmes) + len(g.partnerships) + g.size.People + g.size.Projects + g.size.Events + g.size.Publications
}

// Records of a year are written in this order, each section after the
// ones its records refer to.
const (
	phasePeople = iota
	phaseProjects
	phaseEvents
	phasePublications
	phases
)

// Next returns the next chunk, or nil after the last.
func (s *Stream) Next() *Chunk {
	g := s.g
	if s.started {
		s.skip()
		if s.year >= g.size.Years {
			return nil
		}
	}
	c := &Chunk{Index: s.index, Doc: &exchange.Document{Format: exchange.Format, Version: exchange.Version}}
	s.index++
	edits := &exchange.Document{Format: exchange.Format, Version: exchange.Version}
	budget := s.chunk
	if !s.started {
		s.started = true
		c.Doc.Institutions = make([]registry.Institution, len(g.inst))
		for i := range g.inst {
			c.Doc.Institutions[i] = g.inst[i].rec
		}
		c.Doc.Programmes = slices.Clone(g.programmes)
		c.Doc.Partnerships = slices.Clone(g.partnerships)
		budget -= len(c.Doc.Institutions) + len(c.Doc.Programmes) + len(c.Doc.Partnerships)
		s.next = g.firstID(s.year, s.phase)
	}
	for budget > 0 {
		s.skip()
		if s.year >= g.size.Years {
			break
		}
		_, hi := g.block(s.phase, s.year)
		last := min(hi, s.next+int64(budget)-1)
		for id := s.next; id <= last; id++ {
			g.add(c, edits, s.phase, s.year, id)
		}
		budget -= int(last - s.next + 1)
		s.next = last + 1
	}
	if docRecords(edits) > 0 {
		c.Edits = edits
	}
	return c
}

// skip moves past the sections whose records have all been made.
func (s *Stream) skip() {
	g := s.g
	for s.year < g.size.Years {
		if _, hi := g.block(s.phase, s.year); s.next <= hi {
			return
		}
		s.phase++
		if s.phase == phases {
			s.phase = 0
			s.year++
		}
		if s.year < g.size.Years {
			s.next = g.firstID(s.year, s.phase)
		}
	}
}

// network is what every chunk needs to know of the whole registry.
type network struct {
	size  Size
	first int // the first year
	// weights[i] is year i's share of each kind's records (activity grows
	// over the years); cum[i] the sum of the weights before year i.
	cum []int64

	inst         []instInfo // by id - 1
	byNation     [][]int32  // institution ids per nation
	homeCum      []int      // cumulative weights of institutions as employers
	programmes   []registry.Programme
	partnerships []registry.Partnership
	intl         []int64 // id of each international body, 0 when absent

	careers []career // by person id - 1
	// active[institution-1][year] lists the people working there that
	// year; activeYear[year] everyone recorded by then and working.
	active     [][][]int32
	activeYear [][]int32

	projects []projInfo // by project id - 1

	// Shared texts: titles are the same maps in every record that has
	// them (the store copies what it normalizes, never writes into them).
	titles     [][]registry.Text
	twinTitles []registry.Text
}

type instInfo struct {
	rec    registry.Institution
	nation int // index into nations; -1 for bodies of no country
	class  int
}

// Classes of institutions, by what their people are called.
const (
	classOffice = iota
	classRegional
	classNHRI
	classGovernment
	classEU
	classInternational
	classNGO
	classAcademic
)

var (
	classTitles = [][]tr{officeTitles, regionalTitles, nhriTitles, governmentTitles, euTitles, internationalTitles, ngoTitles, academicTitles}
	// classWeight is how many people an institution of the class employs
	// in the registry, relatively.
	classWeight = []int{6, 2, 4, 2, 2, 2, 1, 1}
)

// span is a stretch of a person's career at one institution, in years
// (to is LastYear+1 while it lasts).
type span struct {
	inst     int32
	from, to int16
	title    uint8
	month    uint8 // the month it began, 0 when only the year is known
}

type career struct {
	spans [3]span
	n     uint8
	// seen is the first year the person is in the registry.
	seen int16
}

// projInfo is what events need to know of a project.
type projInfo struct {
	year             int16
	month, day       uint8 // 0 when unknown
	months           uint8 // duration, 0 when unknown
	upTo             bool
	instrument       registry.Instrument
	beneficiary      int32
	lead, junior     int32 // partner institutions, 0 for none
	leadNat, junNat  int8  // their nations (or a legacy partner's country), -1 for none
	components       uint8
	funder           int32
	withEnd, withRef bool
}

// Random streams: every record draws from its own, named by a tag and its
// id, so that generating it again (for an index or an edit) gives it again.
const (
	tagInstitutions = iota + 1
	tagCareer
	tagPerson
	tagPlan
	tagProject
	tagEvent
	tagPublication
	tagFile
	tagEdit
)

func (g *network) rng(tag uint64, id int64) *rand.Rand {
	return rand.New(rand.NewPCG(splitmix(g.size.Seed), splitmix(tag<<40^uint64(id))))
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func newNetwork(size Size) *network {
	g := &network{size: size, first: LastYear - size.Years + 1}
	// Year i weighs years+i: the last year has about twice the records of
	// the first.
	y := int64(size.Years)
	g.cum = make([]int64, size.Years+1)
	for i := range size.Years {
		g.cum[i+1] = g.cum[i] + y + int64(i)
	}
	for _, list := range classTitles {
		texts := make([]registry.Text, len(list))
		for i, t := range list {
			texts[i] = t.text()
		}
		g.titles = append(g.titles, texts)
	}
	for _, t := range twinningTitles {
		g.twinTitles = append(g.twinTitles, t.text())
	}
	g.makeInstitutions()
	g.makeProgrammesAndPartnerships()
	g.makeCareers()
	g.planProjects()
	return g
}

// block is the ids (lo, hi] of a section's records of year i.
func (g *network) block(phase, year int) (lo, hi int64) {
	total := int64([]int{g.size.People, g.size.Projects, g.size.Events, g.size.Publications}[phase])
	w := g.cum[len(g.cum)-1]
	return total * g.cum[year] / w, total * g.cum[year+1] / w
}

func (g *network) firstID(year, phase int) int64 {
	lo, _ := g.block(phase, year)
	return lo + 1
}

func (g *network) add(c *Chunk, edits *exchange.Document, phase, year int, id int64) {
	switch phase {
	case phasePeople:
		p := g.person(id)
		c.Doc.People = append(c.Doc.People, p)
		g.editPerson(edits, &p)
	case phaseProjects:
		p := g.project(id)
		c.Doc.Projects = append(c.Doc.Projects, p)
		g.projectFiles(c, &p)
		g.editProject(edits, &p)
	case phaseEvents:
		e := g.event(id, year)
		c.Participations += len(e.Participants)
		g.editEvent(edits, &e, year)
		g.eventFiles(c, &e)
		c.Doc.Events = append(c.Doc.Events, e)
	case phasePublications:
		p := g.publication(id, year)
		c.Doc.Publications = append(c.Doc.Publications, p)
		g.publicationFiles(c, &p)
		g.editPublication(edits, &p)
	}
}

// --- institutions ---

func (g *network) makeInstitutions() {
	rng := g.rng(tagInstitutions, 0)
	n := g.size.Institutions
	nIntl := min(max(n/8, 2), len(internationals))
	g.intl = make([]int64, len(internationals))
	slugs := map[string]bool{}
	add := func(info instInfo) int64 {
		id := int64(len(g.inst) + 1)
		info.rec.ID = id
		info.rec.Status = registry.Published
		s := slug.Make(info.rec.Name["en"])
		if len(s) > 70 {
			s = strings.TrimRight(s[:70], "-")
		}
		if slugs[s] {
			s += "-" + strconv.FormatInt(id, 10)
		}
		slugs[s] = true
		info.rec.Slug = s
		g.inst = append(g.inst, info)
		return id
	}
	for i := range nIntl {
		d := internationals[i]
		in := registry.Institution{Name: d.name.text(), Acronym: d.acronym, Kind: d.kind, Country: d.country, IATIRef: d.iati}
		if d.parent > 0 {
			in.ParentID = g.intl[d.parent-1]
		}
		class := classInternational
		switch d.kind {
		case registry.EUInstitution:
			class = classEU
		case registry.NGO:
			class = classNGO
		}
		g.intl[i] = add(instInfo{rec: in, nation: -1, class: class})
	}
	// Countries in an order of the seed's, the Azerbaijani office first
	// (the demonstration registry's), beneficiaries and member states in
	// turn.
	var bens, mems []int
	for i, nt := range nations {
		if nt.region == member {
			mems = append(mems, i)
		} else if i > 0 {
			bens = append(bens, i)
		}
	}
	rng.Shuffle(len(bens), func(i, j int) { bens[i], bens[j] = bens[j], bens[i] })
	rng.Shuffle(len(mems), func(i, j int) { mems[i], mems[j] = mems[j], mems[i] })
	// About four institutions a country: a small network is a few
	// countries' offices, ministries and regional offices, not one office
	// in each of many countries.
	countries := min(max((n-nIntl+3)/4, 2), len(nations))
	order := []int{0}
	for i := 0; len(order) < countries; i++ {
		if i < len(mems) {
			order = append(order, mems[i])
		}
		if i < len(bens) && len(order) < countries {
			order = append(order, bens[i])
		}
	}
	g.byNation = make([][]int32, len(nations))
	office := make([]int64, len(nations))
	for round := 0; len(g.inst) < n; round++ {
		for _, ni := range order {
			if len(g.inst) >= n {
				break
			}
			for _, info := range g.nationalInstitutions(round, ni, office[ni]) {
				if len(g.inst) >= n {
					break
				}
				id := add(info)
				if round == 0 {
					office[ni] = id
				}
				g.byNation[ni] = append(g.byNation[ni], int32(id))
			}
		}
	}
	g.homeCum = make([]int, len(g.inst))
	total := 0
	for i, in := range g.inst {
		total += classWeight[in.class]
		g.homeCum[i] = total
	}
}

// nationalInstitutions are the institutions of a country added in a round:
// its ombudsman office first, then ministries, a human rights
// institution, regional offices under the office, and so on.
func (g *network) nationalInstitutions(round, ni int, office int64) []instInfo {
	nt := &nations[ni]
	ben := nt.region != member
	azGen := azGenitive(nt.name.az)
	one := func(kind registry.InstitutionKind, class int, en, az, ru string) []instInfo {
		return []instInfo{{rec: registry.Institution{Kind: kind, Country: nt.code, Name: tr{en, az, ru}.text()}, nation: ni, class: class}}
	}
	switch round {
	case 0:
		en := nt.office
		if en == "" {
			en = "Ombudsman of " + nt.name.en
		}
		info := one(registry.OmbudsmanOffice, classOffice, en, azGen+" Ombudsmanı", "Омбудсмен "+nt.ruGen)
		if ni == 0 {
			info[0].rec.Name = tr{nt.office, "Azərbaycan Respublikasının İnsan Hüquqları üzrə Müvəkkili (Ombudsman)", "Уполномоченный по правам человека (омбудсмен) Азербайджанской Республики"}.text()
			info[0].rec.Acronym = "Ombudsman"
		}
		return info
	case 1:
		if ben {
			return one(registry.Government, classGovernment, "Ministry of Justice of "+nt.name.en, azGen+" Ədliyyə Nazirliyi", "Министерство юстиции "+nt.ruGen)
		}
		return one(registry.HumanRightsInstitution, classNHRI, "Human Rights Commission of "+nt.name.en, azGen+" İnsan Hüquqları Komissiyası", "Комиссия по правам человека "+nt.ruGen)
	case 2:
		var out []instInfo
		if office == 0 {
			return nil
		}
		for _, city := range nt.cities {
			out = append(out, instInfo{rec: registry.Institution{Kind: registry.OmbudsmanOffice, Country: nt.code, ParentID: office,
				Name: tr{city.en + " Regional Office of the Ombudsman of " + nt.name.en, azGen + " Ombudsmanının " + city.az + " regional ofisi",
					"Региональное представительство омбудсмена " + nt.ruGen + " (" + city.ru + ")"}.text()}, nation: ni, class: classRegional})
		}
		return out
	case 3:
		if ben {
			return one(registry.Government, classGovernment, "Ministry of Foreign Affairs of "+nt.name.en, azGen+" Xarici İşlər Nazirliyi", "Министерство иностранных дел "+nt.ruGen)
		}
		return one(registry.Government, classGovernment, "Ministry of Justice of "+nt.name.en, azGen+" Ədliyyə Nazirliyi", "Министерство юстиции "+nt.ruGen)
	case 4:
		if ben {
			if eu := g.intl[intlEU]; eu != 0 {
				return []instInfo{{rec: registry.Institution{Kind: registry.EUInstitution, Country: nt.code, ParentID: eu,
					Name: tr{"Delegation of the European Union to " + nt.name.en, "Avropa İttifaqının " + nt.name.az + " nümayəndəliyi", "Представительство Европейского союза (" + nt.name.ru + ")"}.text()}, nation: ni, class: classEU}}
			}
			return nil
		}
		return one(registry.Academic, classAcademic, "Human Rights Centre, University of "+nt.capital.en, azGenitive(nt.capital.az)+" Universitetinin İnsan Hüquqları Mərkəzi", "Центр прав человека, университет ("+nt.capital.ru+")")
	case 5:
		if ben {
			return one(registry.Government, classGovernment, "Parliament of "+nt.name.en, azGen+" Parlamenti", "Парламент "+nt.ruGen)
		}
		return one(registry.NGO, classNGO, nt.name.en+" Helsinki Committee for Human Rights", azGen+" Helsinki İnsan Hüquqları Komitəsi", "Хельсинкский комитет по правам человека "+nt.ruGen)
	case 6:
		return one(registry.Government, classGovernment, "Ministry of Labour and Social Protection of "+nt.name.en, azGen+" Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi", "Министерство труда и социальной защиты "+nt.ruGen)
	case 7:
		return one(registry.Government, classGovernment, "Ministry of Internal Affairs of "+nt.name.en, azGen+" Daxili İşlər Nazirliyi", "Министерство внутренних дел "+nt.ruGen)
	}
	if office == 0 {
		return nil
	}
	k := strconv.Itoa(round - 7)
	return []instInfo{{rec: registry.Institution{Kind: registry.OmbudsmanOffice, Country: nt.code, ParentID: office,
		Name: tr{"Regional Office No. " + k + " of the Ombudsman of " + nt.name.en, azGen + " Ombudsmanının " + k + " nömrəli regional ofisi",
			"Региональное представительство № " + k + " омбудсмена " + nt.ruGen}.text()}, nation: ni, class: classRegional}}
}

// pickHome picks an employer, weighted by size.
func (g *network) pickHome(rng *rand.Rand) int32 {
	x := rng.IntN(g.homeCum[len(g.homeCum)-1])
	i, _ := slices.BinarySearch(g.homeCum, x+1)
	return int32(i + 1)
}

func (g *network) nationOf(inst int32) int { return g.inst[inst-1].nation }

// --- people ---

func (g *network) makeCareers() {
	g.careers = make([]career, g.size.People)
	years := g.size.Years
	g.active = make([][][]int32, len(g.inst))
	for i := range g.active {
		g.active[i] = make([][]int32, years)
	}
	g.activeYear = make([][]int32, years)
	for yi := range years {
		lo, hi := g.block(phasePeople, yi)
		for id := lo + 1; id <= hi; id++ {
			c := g.career(id, yi)
			g.careers[id-1] = c
			for _, s := range c.spans[:c.n] {
				for y := max(int(s.from), g.first+yi); y < int(s.to) && y <= LastYear; y++ {
					g.active[s.inst-1][y-g.first] = append(g.active[s.inst-1][y-g.first], int32(id))
					g.activeYear[y-g.first] = append(g.activeYear[y-g.first], int32(id))
				}
			}
		}
	}
}

// career is where a person worked: up to three posts, the first taken up
// when (or a little before) the person first appears in the registry,
// each a step up from the one before.
func (g *network) career(id int64, yi int) career {
	rng := g.rng(tagCareer, id)
	c := career{seen: int16(g.first + yi)}
	inst := g.pickHome(rng)
	from := g.first + yi - rng.IntN(4)
	level := min(rng.IntN(4), rng.IntN(4))
	head := rng.IntN(150) == 0 // a head of an institution or a deputy
	for c.n < 3 {
		class := g.inst[inst-1].class
		titles := classTitles[class]
		if head {
			level = len(titles) - 1 - rng.IntN(2)
		}
		length := 2 + rng.IntN(8)
		s := span{inst: inst, from: int16(from), to: int16(from + length), title: uint8(min(level, len(titles)-1))}
		if rng.IntN(3) == 0 {
			s.month = uint8(1 + rng.IntN(12))
		}
		if s.to > LastYear {
			s.to = LastYear + 1
		}
		c.spans[c.n] = s
		c.n++
		if s.to > LastYear || rng.IntN(2) == 0 {
			break // still there, or left the field
		}
		// A move: within the country mostly, or to an international body.
		from = int(s.to)
		level++
		if nt := g.nationOf(inst); nt >= 0 && len(g.byNation[nt]) > 1 && rng.IntN(5) > 0 {
			next := g.byNation[nt][rng.IntN(len(g.byNation[nt]))]
			if next == inst {
				next = g.byNation[nt][0]
			}
			inst = next
		} else {
			inst = g.pickHome(rng)
		}
	}
	return c
}

// at is the post a person held in a year, if any.
func (c *career) at(year int) (span, bool) {
	for _, s := range c.spans[:c.n] {
		if year >= int(s.from) && year < int(s.to) {
			return s, true
		}
	}
	return span{}, false
}

func (g *network) person(id int64) registry.Person {
	rng := g.rng(tagPerson, id)
	c := &g.careers[id-1]
	home := c.spans[0].inst
	pool := poolEN
	if nt := g.nationOf(home); nt >= 0 {
		pool = nations[nt].people
	} else {
		pool = []int{poolFR, poolDE, poolNL, poolSouth, poolNordic, poolEN, poolPL, poolBaltic}[rng.IntN(8)]
	}
	np := &namePools[pool]
	woman := rng.IntN(2) == 0
	given := np.men[rng.IntN(len(np.men))]
	if woman {
		given = np.women[rng.IntN(len(np.women))]
	}
	family := np.families[rng.IntN(len(np.families))]
	p := registry.Person{
		Meta:       registry.Meta{ID: id, Status: registry.Published},
		GivenName:  given.own,
		FamilyName: gendered(family.own, woman),
		Honorific:  registry.Mr,
	}
	if woman {
		p.Honorific = []registry.Honorific{registry.Mrs, registry.Ms}[rng.IntN(2)]
	}
	switch x := rng.IntN(100); {
	case x < 3 || (x < 20 && g.inst[home-1].class == classAcademic):
		p.Honorific = registry.Prof
	case x < 11:
		p.Honorific = registry.Dr
	}
	p.DisplayName = registry.Text{"ru": given.ru + " " + gendered(family.ru, woman)}
	if given.en != "" || family.en != "" {
		en := given.own
		if given.en != "" {
			en = given.en
		}
		fam := family.own
		if family.en != "" {
			fam = family.en
		}
		p.DisplayName["en"] = en + " " + gendered(fam, woman)
	}
	p.Slug = clipSlug(slug.Make(p.GivenName+" "+p.FamilyName), id)
	for _, s := range c.spans[:c.n] {
		a := registry.Affiliation{InstitutionID: int64(s.inst), Role: g.titles[g.inst[s.inst-1].class][s.title],
			From: registry.NewDate(int(s.from), int(s.month), 0)}
		if s.to <= LastYear {
			a.To = registry.NewDate(int(s.to)-1, 0, 0)
		}
		p.Affiliations = append(p.Affiliations, a)
	}
	return p
}

// clipSlug makes a slug unique by the record's id.
func clipSlug(s string, id int64) string {
	suffix := "-" + strconv.FormatInt(id, 10)
	if limit := slug.MaxLen - len(suffix); len(s) > limit {
		s = strings.TrimRight(s[:limit], "-")
	}
	if s == "" {
		return suffix[1:]
	}
	return s + suffix
}

// --- projects ---

// beneficiary reports whether a country received Twinning in a year:
// neighbours and candidates always, member states before they joined.
func beneficiary(nt *nation, year int) bool {
	return nt.region != member || nt.joined > year
}

func (g *network) planProjects() {
	g.projects = make([]projInfo, g.size.Projects)
	for yi := range g.size.Years {
		year := g.first + yi
		var bens, partners []int32
		for ni := range nations {
			nt := &nations[ni]
			for _, id := range g.byNation[ni] {
				class := g.inst[id-1].class
				if class != classOffice && class != classNHRI && class != classGovernment {
					continue
				}
				if beneficiary(nt, year) {
					bens = append(bens, id)
				} else {
					partners = append(partners, id)
				}
			}
		}
		var members []int
		for ni, nt := range nations {
			if !beneficiary(&nt, year) {
				members = append(members, ni)
			}
		}
		lo, hi := g.block(phaseProjects, yi)
		for id := lo + 1; id <= hi; id++ {
			g.projects[id-1] = g.planProject(id, year, bens, partners, members)
		}
	}
}

func (g *network) planProject(id int64, year int, bens, partners []int32, members []int) projInfo {
	rng := g.rng(tagPlan, id)
	p := projInfo{year: int16(year), leadNat: -1, junNat: -1}
	x := rng.IntN(100)
	switch {
	case year < 1998:
		p.instrument = []registry.Instrument{registry.TAIEX, registry.TAIEX, registry.OtherInstrument}[x%3]
	case year < 2001:
		p.instrument = []registry.Instrument{registry.Twinning, registry.Twinning, registry.TAIEX, registry.OtherInstrument}[x%4]
	case x < 40:
		p.instrument = registry.Twinning
	case x < 60:
		p.instrument = registry.TwinningLight
	case x < 85:
		p.instrument = registry.TAIEX
	default:
		p.instrument = registry.OtherInstrument
	}
	switch x := rng.IntN(100); {
	case x < 60:
		p.month = uint8(1 + rng.IntN(12))
	case x < 85:
		p.month = uint8(1 + rng.IntN(12))
		p.day = uint8(1 + rng.IntN(28))
	}
	if len(bens) > 0 {
		p.beneficiary = bens[rng.IntN(len(bens))]
	} else {
		p.beneficiary = g.byNation[0][0]
	}
	p.funder = int32(g.intl[intlEU])
	switch p.instrument {
	case registry.Twinning:
		p.months = []uint8{18, 21, 24, 24, 24, 27, 30, 36}[rng.IntN(8)]
		p.components = uint8(1 + rng.IntN(4))
		p.withRef = true
	case registry.TwinningLight:
		p.months = uint8(3 + rng.IntN(4))
		if rng.IntN(2) == 0 {
			p.months, p.upTo = 6, true
		}
		p.components = uint8(rng.IntN(3))
		p.withRef = true
	case registry.TAIEX:
		if rng.IntN(2) == 0 {
			p.months = uint8(1 + rng.IntN(12))
		}
		p.withRef = rng.IntN(2) == 0
	default:
		p.months = uint8(24 + rng.IntN(25))
		for _, f := range []int{intlCoE, intlUNDP, intlUNICEF, intlOSCE} {
			if g.intl[f] != 0 && rng.IntN(2) == 0 {
				p.funder = int32(g.intl[f])
				break
			}
		}
		p.withRef = rng.IntN(3) == 0
	}
	if p.instrument.IsTwinning() {
		if len(partners) > 0 && rng.IntN(10) > 0 {
			p.lead = partners[rng.IntN(len(partners))]
			p.leadNat = int8(g.nationOf(p.lead))
			if rng.IntN(5) < 2 {
				j := partners[rng.IntN(len(partners))]
				if g.nationOf(j) != int(p.leadNat) {
					p.junior, p.junNat = j, int8(g.nationOf(j))
				}
			}
		} else if len(members) > 0 {
			// A legacy record: the partner's country only.
			p.leadNat = int8(members[rng.IntN(len(members))])
		}
	}
	p.withEnd = p.months > 0 && !p.upTo && rng.IntN(5) < 2
	return p
}

func (p *projInfo) start() registry.Date {
	return registry.NewDate(int(p.year), int(p.month), int(p.day))
}

// span is the time the project ran: from its start for its duration (or
// three months when that is unknown).
func (p *projInfo) span() (from, to time.Time) {
	from = p.start().First()
	months := int(p.months)
	if months == 0 {
		months = 3
	}
	return from, from.AddDate(0, months, 0)
}

func (g *network) project(id int64) registry.Project {
	info := &g.projects[id-1]
	rng := g.rng(tagProject, id)
	ben := &nations[g.nationOf(info.beneficiary)]
	title := projectTitles[rng.IntN(len(projectTitles))].text()
	p := registry.Project{
		Meta:          registry.Meta{ID: id, Status: registry.Published},
		Instrument:    info.instrument,
		Title:         title,
		FunderID:      int64(info.funder),
		BeneficiaryID: int64(info.beneficiary),
		Start:         info.start(),
	}
	if info.months > 0 {
		p.DurationMonths, p.DurationUpTo = int(info.months), info.upTo
	}
	year := int(info.year)
	if info.withRef {
		p.Reference = g.reference(rng, info, ben, year)
	}
	p.ProgrammeIDs = g.projectProgrammes(info, ben, year)
	if info.lead != 0 {
		p.Partners = append(p.Partners, registry.ProjectPartner{InstitutionID: int64(info.lead), Role: registry.LeadPartner})
	} else if info.leadNat >= 0 {
		p.Partners = append(p.Partners, registry.ProjectPartner{Country: nations[info.leadNat].code, Role: registry.PartnerUnspecified})
	}
	if info.junior != 0 {
		p.Partners = append(p.Partners, registry.ProjectPartner{InstitutionID: int64(info.junior), Role: registry.JuniorPartner})
	}
	if info.instrument.IsTwinning() || info.instrument == registry.TAIEX {
		var experts []string
		for _, nat := range []int8{info.leadNat, info.junNat} {
			if nat >= 0 {
				experts = append(experts, nations[nat].code)
			}
		}
		for range rng.IntN(3) {
			nt := &nations[rng.IntN(len(nations))]
			if !beneficiary(nt, year) && !slices.Contains(experts, nt.code) {
				experts = append(experts, nt.code)
			}
		}
		p.ExpertCountries = experts
	}
	if info.withEnd {
		p.End = endOf(p.Start, int(info.months))
	}
	if rng.IntN(2) == 0 {
		p.Summary = projectSummaries[rng.IntN(len(projectSummaries))].text()
	}
	if rng.IntN(5) < 3 {
		switch info.instrument {
		case registry.Twinning:
			p.Budget = &registry.Money{Amount: strconv.Itoa(1000000 + 50000*rng.IntN(21)), Currency: "EUR"}
		case registry.TwinningLight:
			p.Budget = &registry.Money{Amount: strconv.Itoa(150000 + 10000*rng.IntN(11)), Currency: "EUR"}
		case registry.OtherInstrument:
			p.Budget = &registry.Money{Amount: strconv.Itoa(300000 + 25000*rng.IntN(49)), Currency: "EUR"}
		}
	}
	switch x := rng.IntN(10); {
	case x < 5:
		p.Sectors = []string{"15160"}
	case x < 6:
		p.Sectors = []string{"15160", "15130"}
	}
	used := map[int]bool{}
	for c := 1; c <= int(info.components); c++ {
		t := rng.IntN(len(topicTexts))
		for used[t] {
			t = (t + 1) % len(topicTexts)
		}
		used[t] = true
		comp := registry.Component{Number: c, Title: topicTexts[t].text()}
		r0 := rng.IntN(len(results))
		for r := range 1 + rng.IntN(3) {
			comp.Results = append(comp.Results, registry.Result{Title: results[(r0+r)%len(results)].text()})
		}
		if rng.IntN(2) == 0 {
			a0 := rng.IntN(len(activities))
			for a := range 2 + rng.IntN(3) {
				comp.Activities = append(comp.Activities, registry.Activity{Code: fmt.Sprintf("%d.%d.%d", c, 1+a%len(comp.Results), 1+a),
					Title: activities[(a0+a)%len(activities)].text()})
			}
		}
		p.Components = append(p.Components, comp)
	}
	g.addWorkplan(&p, info)
	base := p.Title["en"]
	if p.Reference != "" {
		base = p.Reference + " " + base
	}
	p.Slug = clipSlug(slug.Make(strconv.Itoa(year)+" "+base), id)
	return p
}

// endOf is the last day (month, year) of a duration from start, at
// start's precision, so that dates and duration agree.
func endOf(start registry.Date, months int) registry.Date {
	last := start.First().AddDate(0, months, -1)
	switch start.Precision() {
	case registry.Day:
		return registry.DateOf(last)
	case registry.MonthOnly:
		return registry.NewDate(last.Year(), int(last.Month()), 0)
	}
	return registry.NewDate(last.Year(), 0, 0)
}

// reference writes a reference in the shapes of its era: Phare and IPA
// institution building (IB), the ENP action plans (ENP-PCA, ENP-AA), the
// ENI and NDICI references with a year after the serial, spelled with
// slashes or spaces; Twinning Light marked TWL.
func (g *network) reference(rng *rand.Rand, info *projInfo, ben *nation, year int) string {
	cc, yy := ben.code, fmt.Sprintf("%02d", year%100)
	sector := []string{"JH", "JH", "JH", "SO", "OT"}[rng.IntN(5)]
	serial := fmt.Sprintf("%02d", 1+rng.IntN(40))
	later := fmt.Sprintf("%02d", (year+1+rng.IntN(3))%100)
	switch info.instrument {
	case registry.TAIEX:
		return fmt.Sprintf("TAIEX %s IND/EXP %d", []string{"JUST", "JHA", "INT MARKT"}[rng.IntN(3)], 10000+rng.IntN(90000))
	case registry.OtherInstrument:
		return []string{"PGG II", "PGG III", "Joint Programme", "HF-" + yy + "-" + serial}[rng.IntN(4)]
	}
	var ref string
	switch {
	case ben.region == enlargement || ben.region == member:
		if year < 2007 || rng.IntN(2) == 0 {
			if rng.IntN(2) == 0 {
				ref = fmt.Sprintf("%s/%d/IB/%s/%s", cc, year, sector, serial)
			} else {
				ref = fmt.Sprintf("%s%s/IB/%s/%s", cc, yy, sector, serial)
			}
		} else {
			ref = fmt.Sprintf("%s %s IPA %s %s %s", cc, yy, sector, serial, later)
		}
	case year < 2007:
		ref = fmt.Sprintf("%s%s/TACIS/%s/%s", cc, yy, sector, serial)
		if ben.region == south {
			ref = fmt.Sprintf("%s%s/MEDA/%s/%s", cc, yy, sector, serial)
		}
	case year < 2014:
		prog := "ENP-PCA"
		if ben.region == south {
			prog = "ENP-AA"
		}
		ref = fmt.Sprintf("%s%s/%s/%s/%s", cc, yy, prog, sector, serial)
	default:
		prog := "ENI"
		if year >= 2021 {
			prog = "NDICI"
		}
		if rng.IntN(2) == 0 {
			ref = fmt.Sprintf("%s/%s/%s/%s/%s/%s", cc, yy, prog, sector, serial, later)
		} else {
			ref = fmt.Sprintf("%s %s %s %s %s %s", cc, yy, prog, sector, serial, later)
		}
	}
	if info.instrument == registry.TwinningLight {
		ref += []string{" TWL", " (TWL)", " TWL"}[rng.IntN(3)]
	}
	return ref
}

func (g *network) projectProgrammes(info *projInfo, ben *nation, year int) []int64 {
	id := func(i int) int64 { return g.programmes[i].ID }
	if info.instrument == registry.OtherInstrument {
		if int64(info.funder) == g.intl[intlCoE] && year >= 2015 {
			return []int64{id(progPGG)}
		}
		return nil
	}
	switch {
	case ben.region == enlargement || ben.region == member:
		if year < 2007 {
			return []int64{id(progPhare)}
		}
		return []int64{id(progIPA)}
	case year < 2004:
		if ben.region == east && year >= 1999 {
			return []int64{id(progPCA)}
		}
		return nil
	case year < 2014:
		out := []int64{id(progENP)}
		if ben.region == east {
			if year >= 2009 {
				out = append(out, id(progEaP))
			}
			out = append(out, id(progPCA))
		}
		return out
	case year < 2021:
		if ben.region == east {
			return []int64{id(progENI), id(progEaP)}
		}
		return []int64{id(progENI)}
	}
	if ben.region == east {
		return []int64{id(progNDICI), id(progEaP)}
	}
	return []int64{id(progNDICI)}
}

// --- events ---

// kindsFor gives the kinds of events of an instrument, weighted.
var (
	twinningKinds = []registry.EventKind{registry.SteeringCommittee, registry.SteeringCommittee, registry.SteeringCommittee,
		registry.ExpertMission, registry.ExpertMission, registry.ExpertMission, registry.ExpertMission, registry.ExpertMission,
		registry.StudyVisit, registry.StudyVisit, registry.Workshop, registry.Workshop, registry.Training, registry.Training,
		registry.Seminar, registry.Seminar, registry.RoundTable, registry.Conference, registry.Meeting}
	taiexKinds   = []registry.EventKind{registry.Seminar, registry.Seminar, registry.Workshop, registry.ExpertMission, registry.ExpertMission, registry.StudyVisit}
	otherKinds   = []registry.EventKind{registry.Conference, registry.Training, registry.Training, registry.RoundTable, registry.Workshop, registry.Meeting}
	networkKinds = []registry.EventKind{registry.Meeting, registry.Meeting, registry.Meeting, registry.Conference, registry.Conference, registry.Conference,
		registry.RoundTable, registry.RoundTable, registry.OtherEvent, registry.OtherEvent, registry.Seminar, registry.Training}
	// participants: how many, 3 to 10, weighted (5 on average).
	participantWeights = []int{28, 22, 16, 12, 8, 6, 5, 3}
)

func kindLabel(k registry.EventKind) tr {
	for _, ek := range eventKinds {
		if ek.kind == k {
			return ek.label
		}
	}
	return tr{}
}

func (g *network) event(id int64, yi int) registry.Event {
	rng := g.rng(tagEvent, id)
	year := g.first + yi
	month := 1 + rng.IntN(12)
	day := 1 + rng.IntN(daysIn(year, month))
	e := registry.Event{Meta: registry.Meta{ID: id, Status: registry.Published}}
	when := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)

	// A project running on the day, when the event was one of its own.
	var proj *projInfo
	if rng.IntN(10) < 6 {
		lo, _ := g.block(phaseProjects, max(yi-4, 0))
		_, hi := g.block(phaseProjects, yi)
		for try := 0; try < 10 && hi > lo; try++ {
			j := lo + 1 + rng.Int64N(hi-lo)
			from, to := g.projects[j-1].span()
			if !when.Before(from) && when.Before(to) {
				proj = &g.projects[j-1]
				e.ProjectID = j
				break
			}
		}
	}
	var host int32         // the office the event is of
	var guests []int32     // where speakers and experts come from
	var guestNations []int // or at least their countries
	switch {
	case proj != nil:
		host = proj.beneficiary
		switch proj.instrument {
		case registry.Twinning, registry.TwinningLight:
			e.Kind = twinningKinds[rng.IntN(len(twinningKinds))]
		case registry.TAIEX:
			e.Kind = taiexKinds[rng.IntN(len(taiexKinds))]
		default:
			e.Kind = otherKinds[rng.IntN(len(otherKinds))]
		}
		for _, in := range []int32{proj.lead, proj.junior} {
			if in != 0 {
				guests = append(guests, in)
			}
		}
		for _, nt := range []int8{proj.leadNat, proj.junNat} {
			if nt >= 0 {
				guestNations = append(guestNations, int(nt))
			}
		}
		if proj.components > 0 && rng.IntN(3) > 0 {
			e.Component = 1 + rng.IntN(int(proj.components))
		}
	case rng.IntN(3) == 0:
		// A TAIEX event of its own: experts from the member states.
		e.Kind = taiexKinds[rng.IntN(len(taiexKinds))]
		e.Instrument = registry.TAIEX
		e.FunderID = g.intl[intlEU]
		host = g.officeOf(rng, year, true)
	default:
		// The network's own meetings, conferences and round tables,
		// some with an international organisation's support.
		e.Kind = networkKinds[rng.IntN(len(networkKinds))]
		host = g.officeOf(rng, year, false)
		if rng.IntN(2) == 0 {
			f := []int{intlCoE, intlOSCE, intlODIHR, intlUNDP, intlOHCHR, intlIOI, intlENNHRI, intlGANHRI, intlUNICEF, intlEuropeanOmbudsman}[rng.IntN(10)]
			if g.intl[f] != 0 {
				e.FunderID = g.intl[f]
				e.Instrument = registry.OtherInstrument
				guests = append(guests, int32(g.intl[f]))
			}
		}
	}
	if len(guests) == 0 && len(guestNations) == 0 {
		for range 1 + rng.IntN(2) {
			guests = append(guests, g.officeOf(rng, year, false))
		}
	}

	// Where: the host's country, or the partner's for a study visit.
	where := g.nationOf(host)
	if e.Kind == registry.StudyVisit {
		switch {
		case len(guests) > 0 && g.nationOf(guests[0]) >= 0:
			where = g.nationOf(guests[0])
		case len(guestNations) > 0:
			where = guestNations[0]
		}
	}
	if where >= 0 {
		nt := &nations[where]
		e.Country = nt.code
		if len(nt.cities) > 0 && rng.IntN(4) == 0 {
			e.City = nt.cities[rng.IntN(len(nt.cities))].text()
		} else {
			e.City = nt.capital.text()
		}
	}

	// When: to the day mostly; older records sometimes to the month.
	if year < 2005 && rng.IntN(6) == 0 {
		e.Start = registry.NewDate(year, month, 0)
	} else {
		e.Start = registry.NewDate(year, month, day)
		days := 0
		switch e.Kind {
		case registry.StudyVisit:
			days = 2 + rng.IntN(4)
		case registry.ExpertMission:
			days = 1 + rng.IntN(4)
		case registry.Conference, registry.Training:
			days = rng.IntN(3)
		case registry.Seminar, registry.Workshop:
			days = rng.IntN(2)
		}
		if days > 0 && day+days <= daysIn(year, month) {
			e.End = registry.NewDate(year, month, day+days)
		}
	}

	// What: "Seminar: The rights of the child"; a few untitled, with a
	// summary instead.
	label := kindLabel(e.Kind)
	topic := topicTexts[rng.IntN(len(topicTexts))]
	switch {
	case rng.IntN(10) == 0:
		e.Summary = g.eventSummary(rng, e.Kind).text()
	case e.Kind == registry.SteeringCommittee || e.Kind == registry.OtherEvent:
		e.Title = label.text()
	default:
		e.Title = tr{label.en + ": " + topic.en, label.az + ": " + topic.az, label.ru + ": " + topic.ru}.text()
	}
	if e.Summary == nil && rng.IntN(5) == 0 {
		e.Summary = g.eventSummary(rng, e.Kind).text()
	}

	// Who: 3 to 10 people, with the titles and institutions they had then.
	e.Participants = g.participants(rng, &e, proj, yi, host, guests, guestNations)
	g.addWorkingDays(&e)
	base := e.Start.String() + " " + string(e.Kind)
	if t := e.Title["en"]; t != "" {
		base = e.Start.String() + " " + t
	}
	e.Slug = clipSlug(slug.Make(base), id)
	return e
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func (g *network) eventSummary(rng *rand.Rand, kind registry.EventKind) tr {
	switch kind {
	case registry.SteeringCommittee:
		return eventSummaries[3]
	case registry.Training:
		return eventSummaries[4]
	case registry.Conference:
		return eventSummaries[5]
	case registry.StudyVisit:
		return eventSummaries[2]
	case registry.ExpertMission:
		return eventSummaries[1]
	}
	return eventSummaries[rng.IntN(2)]
}

// officeOf picks an office events are held by: an ombudsman office or
// human rights institution, of a country receiving assistance when
// assisted.
func (g *network) officeOf(rng *rand.Rand, year int, assisted bool) int32 {
	for range 20 {
		ni := rng.IntN(len(nations))
		if len(g.byNation[ni]) == 0 || (assisted && !beneficiary(&nations[ni], year)) {
			continue
		}
		return g.byNation[ni][rng.IntN(min(2, len(g.byNation[ni])))]
	}
	return g.byNation[0][0]
}

func (g *network) participants(rng *rand.Rand, e *registry.Event, proj *projInfo, yi int, host int32, guests []int32, guestNations []int) []registry.Participant {
	want := 3
	for x := rng.IntN(100); x >= participantWeights[want-3]; want++ {
		x -= participantWeights[want-3]
	}
	year := g.first + yi
	taken := make([]int64, 0, want)
	out := make([]registry.Participant, 0, want)
	twinning := proj != nil && proj.instrument.IsTwinning()
	add := func(role registry.ParticipantRole, from []int32, nats []int) {
		id, inst, title, ok := g.pick(rng, from, nats, yi, taken, role == registry.RoleChair)
		if !ok {
			return
		}
		taken = append(taken, id)
		p := registry.Participant{PersonID: id, Role: role, InstitutionID: int64(inst), Title: title}
		if twinning && role == registry.RoleExpert && g.nationOf(inst) >= 0 && !beneficiary(&nations[g.nationOf(inst)], year) && rng.IntN(2) == 0 {
			p.Title = g.twinTitles[rng.IntN(len(g.twinTitles))]
		}
		out = append(out, p)
	}
	hostSide := []int32{host}
	hostNation := []int{g.nationOf(host)}
	switch e.Kind {
	case registry.SteeringCommittee, registry.Conference, registry.RoundTable, registry.Meeting, registry.Seminar:
		add(registry.RoleChair, hostSide, hostNation)
	}
	guestRole := registry.RoleSpeaker
	if e.Kind == registry.ExpertMission || e.Kind == registry.StudyVisit || (twinning && rng.IntN(2) == 0) {
		guestRole = registry.RoleExpert
	}
	guestsWanted := max(1, (want-len(out)+1)/2)
	for range guestsWanted {
		add(guestRole, guests, guestNations)
	}
	if rng.IntN(20) == 0 {
		add(registry.RoleOrganiser, hostSide, hostNation)
	}
	for tries := 0; len(out) < want && tries < 3*want; tries++ {
		role := registry.RoleParticipant
		if e.Kind == registry.Seminar || e.Kind == registry.Conference || e.Kind == registry.Training {
			if rng.IntN(3) == 0 {
				role = registry.RoleSpeaker
			}
		}
		add(role, hostSide, hostNation)
	}
	return out
}

// pick finds someone not yet taken who, in year yi, worked at one of the
// institutions (or else in one of the countries, or else anywhere), and
// returns them with their post then. A senior pick (a chair) is the most
// senior of a few.
func (g *network) pick(rng *rand.Rand, insts []int32, nats []int, yi int, taken []int64, senior bool) (int64, int32, registry.Text, bool) {
	year := g.first + yi
	try := func(list []int32, tries int) (int64, bool) {
		best, level := int64(0), -1
		for range tries {
			if len(list) == 0 {
				break
			}
			id := int64(list[rng.IntN(len(list))])
			if slices.Contains(taken, id) {
				continue
			}
			if !senior {
				return id, true
			}
			s, _ := g.careers[id-1].at(year)
			if int(s.title) > level {
				best, level = id, int(s.title)
			}
		}
		return best, best != 0
	}
	tries := 4
	if senior {
		tries = 6
	}
	var id int64
	ok := false
	if len(insts) > 0 {
		for range 2 {
			if id, ok = try(g.active[insts[rng.IntN(len(insts))]-1][yi], tries); ok {
				break
			}
		}
	}
	for i := 0; !ok && i < 3 && len(nats) > 0; i++ {
		nt := nats[rng.IntN(len(nats))]
		if nt >= 0 && len(g.byNation[nt]) > 0 {
			id, ok = try(g.active[g.byNation[nt][rng.IntN(len(g.byNation[nt]))]-1][yi], tries)
		}
	}
	for i := 0; !ok && i < 3; i++ {
		id, ok = try(g.activeYear[yi], 4)
	}
	if !ok {
		return 0, 0, nil, false
	}
	s, _ := g.careers[id-1].at(year)
	return id, s.inst, g.titles[g.inst[s.inst-1].class][s.title], true
}

// --- publications ---

func (g *network) publication(id int64, yi int) registry.Publication {
	rng := g.rng(tagPublication, id)
	year := g.first + yi
	v := venues[rng.IntN(len(venues))]
	p := registry.Publication{Meta: registry.Meta{ID: id, Status: registry.Published}, Kind: v.kind, Date: registry.NewDate(year, 1+rng.IntN(12), 0)}
	if rng.IntN(5) == 0 {
		p.Date = registry.NewDate(year, 0, 0)
	}
	if v.publisher >= 0 && g.intl[v.publisher] != 0 {
		p.PublisherID = g.intl[v.publisher]
		p.Venue = v.venue
	} else {
		p.PublisherID = int64(g.officeOf(rng, year, false))
	}
	topic := topicTexts[rng.IntN(len(topicTexts))]
	switch v.venue {
	case "Annual report":
		y := strconv.Itoa(year - 1)
		p.Title = tr{"Annual report " + y, "İllik məruzə (" + y + ")", "Ежегодный доклад за " + y + " год"}.text()
	case "Special report":
		p.Title = tr{"Special report: " + topic.en, "Xüsusi məruzə: " + topic.az, "Специальный доклад: " + topic.ru}.text()
	case "Bulletin of the Ombudsman":
		k := strconv.Itoa(1 + rng.IntN(4))
		p.Title = tr{"Bulletin of the Ombudsman, No. " + k, "Ombudsman bülleteni, № " + k, "Бюллетень омбудсмена, № " + k}.text()
	case "Handbook":
		p.Title = tr{"Handbook: " + topic.en, "Məlumat kitabçası: " + topic.az, "Справочник: " + topic.ru}.text()
	default:
		if v.kind == registry.PubArticle && rng.IntN(5) == 0 {
			// "Ten articles in European Ombudsmen": a legacy entry.
			p.ItemCount = 2 + rng.IntN(11)
			p.Summary = tr{"Articles on the office's work on " + strings.ToLower(topic.en[:1]) + topic.en[1:] + ".",
				"Aparatın fəaliyyətinə dair məqalələr: " + topic.az + ".", "Статьи о работе аппарата: " + topic.ru + "."}.text()
		} else {
			p.Title = topic.text()
		}
	}
	base := v.venue
	if t := p.Title["en"]; t != "" {
		base = t
	}
	p.Slug = clipSlug(slug.Make(strconv.Itoa(year)+" "+base), id)
	return p
}

// --- documents ---

func (g *network) projectFiles(c *Chunk, p *registry.Project) {
	rng := g.rng(tagFile, 3*p.ID)
	if rng.IntN(2) != 0 {
		return
	}
	title, name := "Terms of reference", "terms-of-reference"
	if !p.End.IsZero() {
		title, name = "Final report", "final-report"
	}
	lines := []string{title, p.Title["en"]}
	if p.Reference != "" {
		lines = append(lines, "Reference: "+p.Reference)
	}
	lines = append(lines, "Start: "+p.Start.String())
	c.Files = append(c.Files, File{OwnerType: "project", OwnerID: p.ID, Title: title, Filename: name + "-" + strconv.FormatInt(p.ID, 10) + ".pdf",
		Status: registry.Published, Data: pdf(lines)})
}

func (g *network) eventFiles(c *Chunk, e *registry.Event) {
	rng := g.rng(tagFile, 3*e.ID+1)
	status := e.Status
	switch x := rng.IntN(100); {
	case x < 6:
		c.Files = append(c.Files, File{OwnerType: "event", OwnerID: e.ID, Title: "Agenda", Filename: "agenda-" + e.Start.String() + ".txt",
			Status: status, Data: agenda(e)})
	case x < 8:
		title := e.Title["en"]
		if title == "" {
			title = string(e.Kind)
		}
		c.Files = append(c.Files, File{OwnerType: "event", OwnerID: e.ID, Title: "Presentation", Filename: "presentation-" + strconv.FormatInt(e.ID, 10) + ".pdf",
			Status: status, Data: pdf([]string{"Presentation", title, e.Start.String()})})
	}
}

func (g *network) publicationFiles(c *Chunk, p *registry.Publication) {
	rng := g.rng(tagFile, 3*p.ID+2)
	if rng.IntN(5) >= 2 {
		return
	}
	title := p.Title["en"]
	if title == "" {
		title = p.Venue
	}
	c.Files = append(c.Files, File{OwnerType: "publication", OwnerID: p.ID, Title: title, Filename: p.Slug + ".pdf",
		Status: registry.Published, Data: pdf([]string{title, p.Venue, p.Date.String()})})
}

// --- later edits ---

// Some records are saved again after they were first written: events
// entered as drafts and published once their summary was written,
// projects whose end, budget or activities became known, people whose
// names were corrected, publications given a link. Those records have
// two or three versions in their history.

func (g *network) editEvent(edits *exchange.Document, e *registry.Event, yi int) {
	rng := g.rng(tagEdit, 4*e.ID)
	x := rng.IntN(100)
	switch {
	case x < 8:
		if yi == g.size.Years-1 && x < 4 {
			e.Status = registry.Draft // not yet reviewed
			return
		}
		// Entered as a draft; published with its summary.
		e.Status = registry.Draft
		later := *e
		later.Status = registry.Published
		if later.Summary == nil {
			later.Summary = g.eventSummary(rng, e.Kind).text()
		}
		edits.Events = append(edits.Events, later)
		if x < 2 {
			third := later
			third.Summary = maps.Clone(later.Summary)
			third.Summary["en"] += " The report of the event is available on request."
			edits.Events = append(edits.Events, third)
		}
	case x < 14:
		later := *e
		if later.Summary == nil {
			later.Summary = g.eventSummary(rng, e.Kind).text()
		} else {
			later.Summary = maps.Clone(later.Summary)
			later.Summary["en"] += " Materials were distributed to the participants."
		}
		edits.Events = append(edits.Events, later)
	}
}

func (g *network) editProject(edits *exchange.Document, p *registry.Project) {
	rng := g.rng(tagEdit, 4*p.ID+1)
	if rng.IntN(4) != 0 {
		return
	}
	later := *p
	switch {
	case later.End.IsZero() && later.DurationMonths > 0 && !later.DurationUpTo:
		later.End = endOf(later.Start, later.DurationMonths)
	case later.Budget == nil && later.Instrument != registry.TAIEX:
		later.Budget = &registry.Money{Amount: "250000", Currency: "EUR"}
	default:
		later.Summary = projectSummaries[rng.IntN(len(projectSummaries))].text()
		later.Summary["en"] += " (Updated.)"
	}
	edits.Projects = append(edits.Projects, later)
	if len(later.Components) > 0 && rng.IntN(3) == 0 {
		third := later
		third.Components = slices.Clone(later.Components)
		c := &third.Components[0]
		c.Activities = append(slices.Clone(c.Activities), registry.Activity{Code: fmt.Sprintf("%d.9", c.Number), Title: activities[len(activities)-1].text()})
		edits.Projects = append(edits.Projects, third)
	}
}

func (g *network) editPerson(edits *exchange.Document, p *registry.Person) {
	rng := g.rng(tagEdit, 4*p.ID+2)
	if rng.IntN(33) != 0 {
		return
	}
	later := *p
	// A title corrected: a doctor became a professor, or the other way
	// round.
	if later.Honorific == registry.Dr {
		later.Honorific = registry.Prof
	} else {
		later.Honorific = registry.Dr
	}
	edits.People = append(edits.People, later)
}

func (g *network) editPublication(edits *exchange.Document, p *registry.Publication) {
	rng := g.rng(tagEdit, 4*p.ID+3)
	if rng.IntN(10) != 0 {
		return
	}
	later := *p
	later.Link = "https://publications.example.org/" + p.Slug
	edits.Publications = append(edits.Publications, later)
}

// --- programmes and partnerships, written with the institutions ---

func init() {
	// Keep the tables consistent with the code that indexes them.
	if len(internationals) != intlUNICEF+1 || len(programmeDefs) != progPGG+1 {
		panic("generate: tables out of step")
	}
}

func (g *network) makeProgrammesAndPartnerships() {
	for i, d := range programmeDefs {
		p := registry.Programme{Meta: registry.Meta{ID: int64(i + 1), Slug: d.slug, Status: registry.Published}, Name: d.name.text(), Acronym: d.acronym,
			OwnerID: g.intl[d.owner], Start: registry.NewDate(d.start, 0, 0)}
		if d.end != 0 {
			p.End = registry.NewDate(d.end, 0, 0)
		}
		g.programmes = append(g.programmes, p)
	}
	for _, d := range partnershipDefs {
		if g.intl[d.partner] == 0 {
			continue
		}
		p := registry.Partnership{Meta: registry.Meta{ID: int64(len(g.partnerships) + 1), Slug: d.slug, Status: registry.Published},
			PartnerID: g.intl[d.partner], Title: d.title.text()}
		if d.intro.en != "" {
			p.Introduction = d.intro.text()
		}
		for _, pi := range d.progs {
			p.ProgrammeIDs = append(p.ProgrammeIDs, int64(pi+1))
		}
		g.partnerships = append(g.partnerships, p)
	}
}
