package api

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/store"
)

// Version is the API's version, in its address and its index.
const Version = 1

// OpenAPIPath is where the OpenAPI document describing the API is served.
const OpenAPIPath = Prefix + "openapi.json"

// resourceDoc is what the OpenAPI document needs of a registered record
// type; register notes it, so that the document describes the routes and
// filters the handlers really have.
type resourceDoc struct {
	name    string
	filters []string
	kinds   reflect.Type // the kind filter's type, such as registry.EventKind
	view    reflect.Type // what the API shows and takes
	list    reflect.Type // a page of the list
}

// recordDocs say what each record type is.
var recordDocs = map[string]struct {
	tag, about string
	country    string // what the country filter looks at
	order      string // the natural order
	sorts      string // the sort orders the type has
}{
	"institutions": {"Institutions", "Offices, ministries, EU bodies and other organisations. A regional office names its parent institution.",
		"the institution's country", "name", "name (the default), updated or id"},
	"people": {"People", "People who spoke, chaired, took part or sent experts, with the positions they hold or held.",
		"the country of an institution the person belongs or belonged to", "name", "name (the default), updated or id"},
	"programmes": {"Programmes", "Policy or funding frames projects belong to (the European Neighbourhood Policy, the Eastern Partnership...).",
		"", "name", "name (the default), date (of start), updated or id"},
	"partnerships": {"Partnerships", "The office's cooperation with one partner (the EU, the Council of Europe...): a public cooperation page is drawn from it.",
		"", "slug", "name (by slug; the default), updated or id"},
	"projects": {"Projects", "Twinning, Twinning Light, TAIEX and other projects, with their partners, components and budget.",
		"the beneficiary's, a partner's or an expert country", "start date", "date (of start; the default), updated or id"},
	"events": {"Events", "Seminars, study visits, missions, conferences and the like, with the people who took part.",
		"where the event was held, or a participant's institution's country", "start date", "date (of start; the default), updated or id"},
	"publications": {"Publications", "Articles, reports and books, or only how many appeared and where.",
		"the publisher's country", "date", "date (the default), updated or id"},
}

// kindType is the element type of a resource's kinds list.
func kindType(kinds any) reflect.Type {
	if kinds == nil {
		return nil
	}
	return reflect.TypeOf(kinds).Elem()
}

// openAPIDoc is the document as served.
type openAPIDoc struct {
	body []byte
	etag string
}

// buildOpenAPI makes the document once the API's routes are registered.
func (a *API) buildOpenAPI() (doc openAPIDoc, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("building the OpenAPI document: %v", p)
		}
	}()
	body, err := json.MarshalIndent(openAPI(a.docs), "", "  ")
	if err != nil {
		return doc, err
	}
	sum := sha256.Sum256(body)
	return openAPIDoc{body: append(body, '\n'), etag: `"` + hex.EncodeToString(sum[:8]) + `"`}, nil
}

func (a *API) serveOpenAPI(w http.ResponseWriter, r *http.Request) error {
	doc, err := a.openapi()
	if err != nil {
		return err
	}
	w.Header().Set("ETag", doc.etag)
	w.Header().Set("Cache-Control", "public, no-cache")
	if etagListed(r.Header.Get("If-None-Match"), doc.etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(doc.body)
	return err
}

// etagListed reports whether an If-None-Match header names tag (weakly
// compared, as RFC 9110 asks of If-None-Match) or is "*".
func etagListed(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == tag || t == "*" {
			return true
		}
	}
	return false
}

// Security requirements: reads are open to anyone (staff and tokens see
// drafts too); writes need a write token or an editor's session.
var (
	readSecurity  = []any{obj(), obj("bearerToken", []string{}), obj("session", []string{})}
	writeSecurity = []any{obj("bearerToken", []string{}), obj("session", []string{})}
)

func schemaRef(kind, name string) *object { return obj("$ref", "#/components/"+kind+"/"+name) }

// headers names the component headers a response carries; X-Request-Id
// is on every one.
func headers(names ...string) *object {
	h := obj("X-Request-Id", schemaRef("headers", "X-Request-Id"))
	for _, n := range names {
		h.set(n, schemaRef("headers", n))
	}
	return h
}

// problem is an error response with a description of its own.
func problem(description string) *object {
	return obj("description", description, "headers", headers(),
		"content", obj("application/problem+json", obj("schema", ref("Problem"))))
}

// jsonResponse is a response with a JSON body.
func jsonResponse(description string, schema any, hs *object) *object {
	return obj("description", description, "headers", hs, "content", obj("application/json", obj("schema", schema)))
}

// openAPI describes the API whose record types are docs.
func openAPI(docs []resourceDoc) *object {
	s := newSchemaSet()
	s.schema(reflect.TypeFor[Problem]())
	paths := obj()
	tags := []any{obj("name", "API", "description", "The API's index and this document.")}

	paths.set(Prefix, obj("get", obj(
		"operationId", "getIndex", "tags", []string{"API"}, "summary", "The API's index",
		"description", "The API's version and the address of each record type's list and of this document.",
		"security", readSecurity,
		"responses", obj(
			"200", jsonResponse("The index.", ref("Index"), headers()),
			"401", schemaRef("responses", "Unauthorized"),
			"500", schemaRef("responses", "ServerError"),
		))))
	documentHeaders := headers().set("ETag", schemaRef("headers", "DocumentETag")).set("Cache-Control", schemaRef("headers", "Cache-Control"))
	paths.set(OpenAPIPath, obj("get", obj(
		"operationId", "getOpenAPI", "tags", []string{"API"}, "summary", "This document",
		"description", "The OpenAPI 3.1 document describing every route of the API. It changes only with a new release of Liaison; revalidate with If-None-Match.",
		"security", readSecurity,
		"parameters", []any{obj("name", "If-None-Match", "in", "header", "required", false,
			"description", "The ETag of a copy the client holds; 304 when it is current.", "schema", obj("type", "string"))},
		"responses", obj(
			"200", jsonResponse("The document.", obj("type", "object", "required", []string{"openapi", "info", "paths"}), documentHeaders),
			"304", obj("description", "The copy the client holds is current.", "headers", documentHeaders),
			"401", schemaRef("responses", "Unauthorized"),
			"500", schemaRef("responses", "ServerError"),
		))))
	resources := obj()
	var names []string
	for _, d := range docs {
		resources.set(d.name, obj("type", "string", "const", Prefix+d.name))
		names = append(names, d.name)
	}
	s.define("Index", obj("type", "object", "description", "The API's index.",
		"properties", obj(
			"version", obj("type", "integer", "const", Version),
			"resources", obj("type", "object", "description", "The address of each record type's list.",
				"properties", resources, "required", names, "additionalProperties", false),
			"openapi", obj("type", "string", "const", OpenAPIPath, "description", "The address of this document."),
		),
		"required", []string{"version", "resources", "openapi"}, "additionalProperties", false))

	for _, d := range docs {
		rd, ok := recordDocs[d.name]
		if !ok {
			panic(fmt.Sprintf("openapi: no recordDocs entry for %s", d.name))
		}
		tags = append(tags, obj("name", rd.tag, "description", rd.about))
		one := nameOf(d.view)
		noun := strings.ToLower(one)
		aNoun := "a " + noun
		if strings.ContainsRune("aeiou", rune(noun[0])) {
			aNoun = "an " + noun
		}
		created := "Creates " + aNoun + ", a draft unless its status says published."
		s.notes[d.view] = rd.about
		record := s.schema(d.view)
		s.component(d.list, one+"List", func() *object {
			sch := s.structSchema(d.list)
			props := sch.get("properties").(*object)
			props.set("items", props.get("items").(*object).clone().set("description", "The page's records."))
			props.set("next", props.get("next").(*object).clone().set("description", "The address of the next page; absent on the last page."))
			props.set("limit", props.get("limit").(*object).clone().set("description", "The page size."))
			return obj("description", "A page of the list of "+d.name+".").merge(sch)
		})
		// A write answers with the record and, when it was accepted with
		// some, its warnings (see withWarnings).
		saved := s.structSchema(d.view)
		saved.get("properties").(*object).set("warnings", obj("type", "array", "items", ref("FieldError"),
			"description", "What is allowed but probably wrong, when the write was accepted with warnings."))
		saved = obj("description", "The "+noun+" as saved, with warnings when the write was accepted with some.").merge(saved)
		s.define(one+"Saved", saved)

		base := Prefix + d.name
		paths.set(base, obj(
			"get", obj(
				"operationId", "list"+rd.tag, "tags", []string{rd.tag}, "summary", "List "+d.name,
				"description", "The "+d.name+" a page at a time, in order of "+rd.order+" (or as sort says) and then of id. "+
					"Follow next (also sent as a Link header) until it is absent. Anonymous readers see published records only. "+
					"Unknown parameters, parameters another type has, repeated parameters and malformed values are refused with 400, naming each parameter.",
				"security", readSecurity,
				"parameters", listParameters(s, d, rd.country, rd.sorts),
				"responses", obj(
					"200", jsonResponse("A page of "+d.name+".", ref(one+"List"), headers("Link")),
					"400", problem("A parameter is unknown for "+d.name+", repeated or malformed; errors names each (field is the parameter)."),
					"401", schemaRef("responses", "Unauthorized"),
					"500", schemaRef("responses", "ServerError"),
					"503", schemaRef("responses", "Unavailable"),
				)),
			"post", obj(
				"operationId", "create"+one, "tags", []string{rd.tag}, "summary", "Create "+aNoun,
				"description", created+" The body may give an id, to create it with that id.",
				"security", writeSecurity,
				"requestBody", obj("required", true, "content", obj("application/json", obj("schema", record))),
				"responses", obj(
					"201", jsonResponse("The "+noun+" as saved.", ref(one+"Saved"), headers("Location", "ETag")),
					"400", schemaRef("responses", "BadBody"),
					"401", schemaRef("responses", "Unauthorized"),
					"403", schemaRef("responses", "Forbidden"),
					"409", problem("The id given is taken by another "+noun+"."),
					"413", schemaRef("responses", "TooLarge"),
					"415", schemaRef("responses", "NotJSON"),
					"422", schemaRef("responses", "Invalid"),
					"500", schemaRef("responses", "ServerError"),
					"503", schemaRef("responses", "Unavailable"),
				)),
		))
		paths.set(base+"/{id}", obj(
			"parameters", []any{schemaRef("parameters", "id")},
			"get", obj(
				"operationId", "get"+one, "tags", []string{rd.tag}, "summary", "Get "+aNoun,
				"description", "One "+noun+"; a draft only for staff and token holders (404 for anyone else).",
				"security", readSecurity,
				"responses", obj(
					"200", jsonResponse("The "+noun+".", record, headers("ETag")),
					"400", schemaRef("responses", "BadID"),
					"401", schemaRef("responses", "Unauthorized"),
					"404", problem("No such "+noun+", or a draft the caller may not see."),
					"500", schemaRef("responses", "ServerError"),
					"503", schemaRef("responses", "Unavailable"),
				)),
			"put", obj(
				"operationId", "replace"+one, "tags", []string{rd.tag}, "summary", "Replace "+aNoun,
				"description", "Replaces the whole "+noun+": what the body leaves out is removed, except slug and status, which are kept. "+
					"An edit made on an old version (the body's version or, without one, If-Match) is refused with 409; without either, the PUT replaces whatever is current.",
				"security", writeSecurity,
				"parameters", []any{schemaRef("parameters", "If-Match")},
				"requestBody", obj("required", true, "content", obj("application/json", obj("schema", record))),
				"responses", obj(
					"200", jsonResponse("The "+noun+" as saved.", ref(one+"Saved"), headers("ETag")),
					"400", schemaRef("responses", "BadBody"),
					"401", schemaRef("responses", "Unauthorized"),
					"403", schemaRef("responses", "Forbidden"),
					"404", problem("No such "+noun+"."),
					"409", problem("Edit conflict: the "+noun+" was saved by someone else after the version the edit was made on; the detail names who, and errors names version. Nothing was overwritten."),
					"413", schemaRef("responses", "TooLarge"),
					"415", schemaRef("responses", "NotJSON"),
					"422", schemaRef("responses", "Invalid"),
					"500", schemaRef("responses", "ServerError"),
					"503", schemaRef("responses", "Unavailable"),
				)),
			"delete", obj(
				"operationId", "delete"+one, "tags", []string{rd.tag}, "summary", "Delete "+aNoun,
				"description", "Deletes the "+noun+", unless other records refer to it.",
				"security", writeSecurity,
				"responses", obj(
					"204", obj("description", "Deleted.", "headers", headers()),
					"400", schemaRef("responses", "BadID"),
					"401", schemaRef("responses", "Unauthorized"),
					"403", schemaRef("responses", "Forbidden"),
					"404", problem("No such "+noun+"."),
					"409", problem("Other records refer to the "+noun+"; the detail lists them."),
					"500", schemaRef("responses", "ServerError"),
					"503", schemaRef("responses", "Unavailable"),
				)),
		))
	}
	slices.Sort(s.defs.keys)

	return obj(
		"openapi", "3.1.0",
		"info", obj(
			"title", "Liaison JSON API",
			"version", fmt.Sprint(Version),
			"description", apiDescription,
		),
		"servers", []any{obj("url", "/", "description", "The Liaison instance serving this document.")},
		"tags", tags,
		"paths", paths,
		"components", obj(
			"schemas", s.defs,
			"parameters", sharedParameters(),
			"headers", sharedHeaders(),
			"responses", sharedResponses(),
			"securitySchemes", obj(
				"bearerToken", obj("type", "http", "scheme", "bearer", "bearerFormat", "lia_…",
					"description", "An API token (lia_…) made by an admin at /admin/tokens. A read token sees drafts too; a write token may also write. A token that is not valid is refused with 401 on every route."),
				"session", obj("type", "apiKey", "in", "cookie", "name", auth.CookieName,
					"description", "The staff workspace's session, from signing in at /admin/login. Signed-in staff see drafts; editors and admins may write. Browsers' cross-origin requests that change data are refused with 403."),
			),
		),
	)
}

const apiDescription = `The registry of an ombudsman office's international cooperation: institutions, people, programmes, partnerships, projects, events and publications.

Requests and responses are JSON; errors are RFC 9457 problem documents (application/problem+json) whose errors list every field or parameter at fault. Every response carries X-Request-Id, which the server's log line for the request also carries.

Anyone may read; anonymous readers see published records only, and a draft answers them 404. Writing needs a write token or an editor's session.

Lists are paged by cursor: follow next until it is absent. Bodies are decoded strictly: unknown fields and values of the wrong JSON type are refused with 400, each named by its path; a JSON null reads as the field left out. A record that breaks the registry's rules is refused with 422, naming every field at fault; a write accepted with warnings carries them in warnings. Any other address under /api/v1/ answers 404.`

func listParameters(s *schemaSet, d resourceDoc, country, sorts string) []any {
	ps := []any{
		schemaRef("parameters", "limit"), schemaRef("parameters", "cursor"), schemaRef("parameters", "q"), schemaRef("parameters", "status"),
		obj("name", "sort", "in", "query", "description", "The order: "+sorts+". Values the type lacks are accepted and give its default order.",
			"schema", obj("type", "string", "enum", []string{"name", "date", "updated", "id"})),
		schemaRef("parameters", "order"),
	}
	for _, f := range d.filters {
		switch f {
		case "kind":
			ps = append(ps, obj("name", "kind", "in", "query", "description", "Only "+d.name+" of this kind.", "schema", s.schema(d.kinds)))
		case "country":
			ps = append(ps, obj("name", "country", "in", "query", "description", "Only "+d.name+" involving the country (an ISO 3166-1 alpha-2 code): "+country+".",
				"schema", obj("type", "string", "pattern", "^[A-Z]{2}$", "examples", []string{"LT"})))
		case "year", "instrument", "project":
			ps = append(ps, schemaRef("parameters", f))
		default:
			panic(fmt.Sprintf("openapi: the %s filter of %s is not described", f, d.name))
		}
	}
	return ps
}

func sharedParameters() *object {
	query := func(name, description string, schema *object) *object {
		return obj("name", name, "in", "query", "description", description, "schema", schema)
	}
	return obj(
		"id", obj("name", "id", "in", "path", "required", true, "description", "The record's id.",
			"schema", obj("type", "integer", "format", "int64", "minimum", 1)),
		"If-Match", obj("name", "If-Match", "in", "header", "required", false,
			"description", "The ETag of the version the edit was made on, as GET sent it; used when the body gives no version.",
			"schema", obj("type", "string", "examples", []string{`"v3"`})),
		"limit", query("limit", "The page size.", obj("type", "integer", "minimum", 1, "maximum", store.MaxLimit, "default", store.DefaultLimit)),
		"cursor", query("cursor", "Where the page starts: from a previous page's next, as given.", obj("type", "string")),
		"q", query("q", "Words the name, title or reference contains (at most 200 bytes).", obj("type", "string", "maxLength", 200)),
		"status", query("status", "Only records with this status; for staff and token holders (anonymous readers see published records whatever they ask).", ref("Status")),
		"order", query("order", "asc (the default) or desc.", obj("type", "string", "enum", []string{"asc", "desc"})),
		"year", query("year", "Only records whose dates overlap this calendar year.", obj("type", "integer", "minimum", 1000, "maximum", 9999)),
		"instrument", query("instrument", "Only records of this instrument (an event without its own counts under its project's).", ref("Instrument")),
		"project", query("project", "Only events of this project.", obj("type", "integer", "format", "int64", "minimum", 1)),
	)
}

func sharedHeaders() *object {
	header := func(description string, required bool, schema *object) *object {
		return obj("description", description, "required", required, "schema", schema)
	}
	return obj(
		"X-Request-Id", header("The request's id, which the server's log line for it also carries.", true, obj("type", "string")),
		"ETag", header("The record's version, for If-Match.", true, obj("type", "string", "pattern", `^"v[1-9][0-9]*"$`)),
		"Location", header("The new record's address.", true, obj("type", "string", "pattern", `^/api/v1/[a-z]+/[1-9][0-9]*$`)),
		"Link", header("The next page, when there is one: <address>; rel=\"next\".", false, obj("type", "string", "pattern", `^<[^>]+>; rel="next"$`)),
		"WWW-Authenticate", header("The scheme to authenticate with: Bearer.", true, obj("type", "string", "pattern", "^Bearer")),
		"DocumentETag", header("The document's entity tag, for If-None-Match.", true, obj("type", "string")),
		"Cache-Control", header("Caches may keep the document but must revalidate it.", true, obj("type", "string")),
	)
}

func sharedResponses() *object {
	return obj(
		"BadID", problem("The address's id is not a positive whole number; errors names id."),
		"BadBody", problem("The body is not a record of this type: malformed JSON (the detail gives line and column), unknown fields or values of the wrong JSON type (errors names each by its path)."),
		"Unauthorized", obj("description", "No valid credentials: a write without a token or session, or any request with a token that is not valid (unknown, revoked or expired).",
			"headers", headers("WWW-Authenticate"), "content", obj("application/problem+json", obj("schema", ref("Problem")))),
		"Forbidden", problem("The credentials do not allow writing (a read token, a viewer's session), or a browser's cross-origin request would change data."),
		"TooLarge", problem(fmt.Sprintf("The body is larger than %d bytes.", MaxBody)),
		"NotJSON", problem("The body is not sent as JSON (Content-Type: application/json)."),
		"Invalid", problem("The record breaks the registry's rules; errors names every field at fault, by its path in the record."),
		"ServerError", problem("Something went wrong on the server's side; it is logged with the request id, and nothing internal is shown."),
		"Unavailable", problem("The request was cancelled or took too long."),
	)
}
