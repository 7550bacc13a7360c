package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/twinning"
)

// The OpenAPI document's schemas are made from the Go types the handlers
// encode and decode, by reflection over their json tags, so that they
// cannot drift from them. The walker is written here rather than taken
// from a library because what matters most in these schemas is ours to
// say: a Text is an object keyed by the registry's languages, a Date a
// string of one of three precisions, and every closed vocabulary (kinds,
// instruments, roles, statuses) an enum of the registry's own list. It
// follows encoding/json's rules for embedded structs, a shallower field
// hiding a deeper one of the same name. A type it does not know how
// to describe (a new string type without its enum here, a type with its
// own MarshalJSON) makes the document fail to build, so that the test
// serving it fails rather than the document lying.

// object is a JSON object that keeps its members in the order they were
// set, so that the document reads in a sensible order.
type object struct {
	keys []string
	vals map[string]any
}

// obj makes an object from alternating keys and values.
func obj(kv ...any) *object {
	o := &object{vals: map[string]any{}}
	for i := 0; i+1 < len(kv); i += 2 {
		o.set(kv[i].(string), kv[i+1])
	}
	return o
}

func (o *object) set(key string, v any) *object {
	if _, ok := o.vals[key]; !ok {
		o.keys = append(o.keys, key)
	}
	o.vals[key] = v
	return o
}

func (o *object) get(key string) any { return o.vals[key] }

// merge sets every member of other on o, in other's order, and returns o.
func (o *object) merge(other *object) *object {
	for _, k := range other.keys {
		o.set(k, other.vals[k])
	}
	return o
}

// clone copies o one level deep.
func (o *object) clone() *object {
	c := &object{keys: slices.Clone(o.keys), vals: map[string]any{}}
	for k, v := range o.vals {
		c.vals[k] = v
	}
	return c
}

func (o *object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(o.vals[k])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// strs turns a registry vocabulary into strings.
func strs[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

// enums are the closed vocabularies, from the registry's own lists.
var enums = map[reflect.Type][]string{
	reflect.TypeFor[registry.InstitutionKind](): strs(registry.InstitutionKinds),
	reflect.TypeFor[registry.Instrument]():      strs(registry.Instruments),
	reflect.TypeFor[registry.EventKind]():       strs(registry.EventKinds),
	reflect.TypeFor[registry.ParticipantRole](): strs(registry.ParticipantRoles),
	reflect.TypeFor[registry.PublicationKind](): strs(registry.PublicationKinds),
	reflect.TypeFor[registry.PartnerRole]():     strs(registry.PartnerRoles),
	reflect.TypeFor[registry.Honorific]():       strs(registry.Honorifics),
	reflect.TypeFor[registry.Status]():          strs(registry.Statuses),
	reflect.TypeFor[registry.ActivityStatus]():  strs(registry.ActivityStatuses),
	// The registry keeps no list of these: they are derived, never stored.
	reflect.TypeFor[registry.ProjectStatus](): strs([]registry.ProjectStatus{registry.Planned, registry.Ongoing, registry.Completed, registry.StatusUnknown}),
}

// componentNames renames the Go types whose own names would mislead.
var componentNames = map[reflect.Type]string{
	reflect.TypeFor[projectView]():        "Project",
	reflect.TypeFor[twinning.Reference](): "TwinningReference",
}

// typeNotes describe component schemas; fieldNotes describe members, by
// the declaring Go type's name and the member's JSON name.
var (
	typeNotes = map[reflect.Type]string{
		reflect.TypeFor[registry.Text](): "A text in several languages, keyed by language code (" + strings.Join(registry.Languages, ", ") + "); a reader sees it in their language, or else in the first of " + strings.Join(registry.Languages, ", ") + " that has it.",
		reflect.TypeFor[registry.Date](): "A calendar date known to a year, a month or a day: YYYY, YYYY-MM or YYYY-MM-DD, such as 2011, 2011-10 or 2011-10-28. A date of the right shape that does not exist (2011-02-30) is refused with 422.",
		reflect.TypeFor[registry.FieldError](): "What is wrong with one field: its path within the record or request " +
			"(such as participants[2].person_id, or a query parameter's name), the offending value when there is one, and what was expected.",
		reflect.TypeFor[Problem]():                 "An RFC 9457 problem document, with the per-field errors of an invalid request.",
		reflect.TypeFor[twinning.Reference]():      "A Twinning reference read into its parts.",
		reflect.TypeFor[registry.Money]():          "An amount in a currency; the amount is a decimal string, so that no rounding happens on its way through JSON, and the currency an ISO 4217 code.",
		reflect.TypeFor[registry.Affiliation]():    "A position a person holds or held at an institution.",
		reflect.TypeFor[registry.ProjectPartner](): "A member-state partner of a project: an institution, or at least a country.",
		reflect.TypeFor[registry.Component]():      "A numbered part of a Twinning project's work plan.",
		reflect.TypeFor[registry.Result]():         "A mandatory result of a component, measured by its indicators.",
		reflect.TypeFor[registry.Indicator]():      "An indicator of a result: unit, baseline and target (decimal strings, with their dates), source of verification, and the actual values per reporting period. A number left out is not known, never zero.",
		reflect.TypeFor[registry.IndicatorValue](): "An indicator's actual value for one reporting period, a calendar quarter; a period may be listed without a value (not measured), with a note.",
		reflect.TypeFor[registry.Activity]():       "An activity of a component's work plan (\"1.2.3\"), with its status, planned and actual dates and planned expert-days. Events that carried it out name its code.",
		reflect.TypeFor[registry.Participant]():    "A person's part in an event, with the title and institution they held then.",
	}
	fieldNotes = map[string]string{
		"Meta.id":                      "Assigned when the record is created. A POST may give it, to create the record with that id (409 when it is taken); a PUT may leave it out, and if it gives it, it must equal the id in the address.",
		"Meta.slug":                    "The record's URL key. Derived from its name when left out on create; a PUT without it keeps the record's slug.",
		"Meta.status":                  "Whether the record is public. A POST without it makes a draft; a PUT without it keeps the record's status. Anonymous readers see published records only.",
		"Meta.version":                 "Incremented by every saved change. A PUT that gives it (or, without it, an If-Match header) is refused with 409 when it is not the current version.",
		"projectView.phase":            "The project's stage on today's date, derived from its dates; read-only, and ignored when sent back.",
		"projectView.reference_parts":  "The Twinning reference read into its parts, for Twinning and Twinning Light projects whose reference reads; read-only, and ignored when sent back.",
		"FieldError.value":             "The offending value, when there is one; of any JSON type.",
		"Indicator.baseline":           "A decimal string such as \"12\" or \"12.5\"; left out when not known.",
		"Indicator.target":             "A decimal string; left out when not known.",
		"IndicatorValue.period":        "The reporting period, a calendar quarter such as \"2025-Q3\"; each at most once per indicator.",
		"IndicatorValue.value":         "A decimal string; left out when the period was not measured (never read as zero).",
		"Activity.code":                "Unique within the project: events name the activity by it.",
		"Activity.planned_expert_days": "The expert-days the work plan gives the activity; left out when the plan does not say (never read as zero).",
		"Event.activity":               "The code of the activity of the event's component that the event carried out; needs component.",
		"Participant.working_days":     "An expert's working days on the mission (role expert only); left out when not known, which is counted as missing, never as zero.",
		"Problem.type":                 "A URI naming the kind of problem; about:blank, whose meaning is the status code's.",
		"Problem.title":                "A short summary of the kind of problem, such as \"Invalid record\" or \"Edit conflict\".",
		"Problem.detail":               "What went wrong with this request, for a person to read.",
		"Problem.instance":             "The path and query of the request.",
		"Problem.errors":               "Every field or parameter at fault, when the problem is about some.",
	}
)

var (
	textType      = reflect.TypeFor[registry.Text]()
	dateType      = reflect.TypeFor[registry.Date]()
	marshalerType = reflect.TypeFor[json.Marshaler]()
)

// datePattern is every Date's shape: a year from 1000, then optionally a
// month, then optionally a day.
const datePattern = `^[1-9][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$`

// schemaSet makes component schemas from Go types.
type schemaSet struct {
	defs  *object                 // components.schemas
	named map[reflect.Type]string // the types given a component
	taken map[string]reflect.Type // and the other way round
	notes map[reflect.Type]string // descriptions of components
}

func newSchemaSet() *schemaSet {
	s := &schemaSet{defs: obj(), named: map[reflect.Type]string{}, taken: map[string]reflect.Type{}, notes: map[reflect.Type]string{}}
	for t, note := range typeNotes {
		s.notes[t] = note
	}
	return s
}

func ref(name string) *object { return obj("$ref", "#/components/schemas/"+name) }

// nameOf is a type's component name.
func nameOf(t reflect.Type) string {
	if n, ok := componentNames[t]; ok {
		return n
	}
	return t.Name()
}

// component gives t a component schema, built once, and returns a
// reference to it.
func (s *schemaSet) component(t reflect.Type, name string, build func() *object) *object {
	if n, ok := s.named[t]; ok {
		return ref(n)
	}
	if other, ok := s.taken[name]; ok {
		panic(fmt.Sprintf("openapi: %v and %v would both be the schema %q; name one in componentNames", t, other, name))
	}
	s.named[t], s.taken[name] = name, t
	s.defs.set(name, nil) // taken before it is built, for recursive types
	sch := build()
	if note := s.notes[t]; note != "" {
		sch = obj("description", note).merge(sch)
	}
	s.defs.set(name, sch)
	return ref(name)
}

// define adds a component schema made by hand.
func (s *schemaSet) define(name string, sch *object) {
	if t, ok := s.taken[name]; ok {
		panic(fmt.Sprintf("openapi: the schema %q is already %v's", name, t))
	}
	s.taken[name] = nil
	s.defs.set(name, sch)
}

// schema is the schema of values of type t, a reference for named
// structs, enums, Text and Date.
func (s *schemaSet) schema(t reflect.Type) *object {
	switch t {
	case textType:
		return s.component(t, "Text", func() *object {
			props := obj()
			for _, l := range registry.Languages {
				props.set(l, obj("type", "string"))
			}
			return obj("type", "object", "properties", props, "additionalProperties", false)
		})
	case dateType:
		return s.component(t, "Date", func() *object {
			return obj("type", "string", "pattern", datePattern, "examples", []string{"2011", "2011-10", "2011-10-28"})
		})
	}
	if values, ok := enums[t]; ok {
		return s.component(t, nameOf(t), func() *object { return obj("type", "string", "enum", values) })
	}
	if t.Implements(marshalerType) || reflect.PointerTo(t).Implements(marshalerType) {
		panic(fmt.Sprintf("openapi: %v encodes itself; describe it in schemaSet.schema", t))
	}
	switch t.Kind() {
	case reflect.Pointer:
		return s.schema(t.Elem())
	case reflect.String:
		if t != reflect.TypeFor[string]() {
			panic(fmt.Sprintf("openapi: %v has no enum; add its list to enums", t))
		}
		return obj("type", "string")
	case reflect.Bool:
		return obj("type", "boolean")
	case reflect.Int, reflect.Int32, reflect.Int16, reflect.Int8, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return obj("type", "integer")
	case reflect.Int64, reflect.Uint, reflect.Uint64:
		return obj("type", "integer", "format", "int64")
	case reflect.Float32, reflect.Float64:
		return obj("type", "number")
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			panic(fmt.Sprintf("openapi: %v is encoded as base64; describe it", t))
		}
		return obj("type", "array", "items", s.schema(t.Elem()))
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			panic(fmt.Sprintf("openapi: %v has keys that are not strings", t))
		}
		return obj("type", "object", "additionalProperties", s.schema(t.Elem()))
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return obj() // any JSON value
		}
	case reflect.Struct:
		if t.Name() == "" {
			return s.structSchema(t)
		}
		return s.component(t, nameOf(t), func() *object { return s.structSchema(t) })
	}
	panic(fmt.Sprintf("openapi: cannot describe %v", t))
}

// structSchema is a struct's object schema: every member encoding/json
// gives it, the members without omitempty or omitzero required, and no
// other members (the API refuses unknown fields).
func (s *schemaSet) structSchema(t reflect.Type) *object {
	props := obj()
	var required []string
	for _, f := range jsonFields(t) {
		sch := s.schema(f.typ)
		if note := fieldNotes[f.owner.Name()+"."+f.name]; note != "" || f.readOnly {
			sch = sch.clone()
			if note != "" {
				sch.set("description", note)
			}
			if f.readOnly {
				sch.set("readOnly", true)
			}
		}
		props.set(f.name, sch)
		if !f.optional {
			required = append(required, f.name)
		}
	}
	out := obj("type", "object", "properties", props)
	if len(required) > 0 {
		out.set("required", required)
	}
	return out.set("additionalProperties", false)
}

// jsonField is a member of a struct's JSON object.
type jsonField struct {
	name     string
	typ      reflect.Type
	owner    reflect.Type // the struct declaring it
	index    []int        // its place, through embedded structs
	tagged   bool         // named by its json tag
	optional bool         // omitempty or omitzero
	readOnly bool         // tagged openapi:"readonly": derived, ignored when sent
}

// jsonFields lists the members encoding/json gives a struct, in its
// order: the fields of embedded structs are promoted, and of the fields
// with one name, the shallowest wins (the tagged one, when several are
// equally shallow; none, when that does not decide).
func jsonFields(t reflect.Type) []jsonField {
	var all []jsonField
	var walk func(t reflect.Type, index []int)
	walk = func(t reflect.Type, index []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			ft := f.Type
			if f.Anonymous {
				et := ft
				if et.Kind() == reflect.Pointer {
					et = et.Elem()
				}
				if name == "" && et.Kind() == reflect.Struct {
					walk(et, append(slices.Clone(index), i))
					continue
				}
				if !f.IsExported() {
					continue
				}
			} else if !f.IsExported() {
				continue
			}
			optsList := strings.Split(opts, ",")
			if slices.Contains(optsList, "string") {
				panic(fmt.Sprintf("openapi: %v.%s is encoded as a string; describe it", t, f.Name))
			}
			tagged := name != ""
			if !tagged {
				name = f.Name
			}
			all = append(all, jsonField{
				name: name, typ: ft, owner: t, index: append(slices.Clone(index), i), tagged: tagged,
				optional: slices.Contains(optsList, "omitempty") || slices.Contains(optsList, "omitzero"),
				readOnly: f.Tag.Get("openapi") == "readonly",
			})
		}
	}
	walk(t, nil)
	byName := map[string][]jsonField{}
	for _, f := range all {
		byName[f.name] = append(byName[f.name], f)
	}
	var out []jsonField
	for _, fs := range byName {
		depth := len(fs[0].index)
		for _, f := range fs {
			depth = min(depth, len(f.index))
		}
		var top, tagged []jsonField
		for _, f := range fs {
			if len(f.index) == depth {
				top = append(top, f)
				if f.tagged {
					tagged = append(tagged, f)
				}
			}
		}
		switch {
		case len(top) == 1:
			out = append(out, top[0])
		case len(tagged) == 1:
			out = append(out, tagged[0])
		}
	}
	sort.Slice(out, func(i, j int) bool { return slices.Compare(out[i].index, out[j].index) < 0 })
	return out
}
