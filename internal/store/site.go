package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/liaison-registry/liaison/internal/registry"
)

// RecordTypes are the record types by the names their public addresses use.
var RecordTypes = map[string]string{
	"institution": "institutions", "person": "people", "programme": "programmes", "partnership": "partnerships",
	"project": "projects", "event": "events", "publication": "publications",
}

// IDBySlug returns the id of the record of type noun ("event") with slug.
func (c Reader) IDBySlug(ctx context.Context, noun, slug string) (int64, error) {
	table, ok := RecordTypes[noun]
	if !ok {
		return 0, fmt.Errorf("no record type %q", noun)
	}
	var id int64
	err := c.q.QueryRowContext(ctx, "SELECT id FROM "+table+" WHERE slug = $1", slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, registry.ErrNotFound
	}
	return id, err
}

// YearCount is how many published events and projects a year has.
type YearCount struct {
	Year             int
	Events, Projects int
}

// Years counts published events and projects by the year they started.
func (c Reader) Years(ctx context.Context) ([]YearCount, error) {
	return cachedCount(ctx, c, "years", func() ([]YearCount, error) { return c.years(ctx) })
}

func (c Reader) years(ctx context.Context) ([]YearCount, error) {
	byYear := map[int]*YearCount{}
	for _, q := range []struct {
		table string
		add   func(*YearCount, int)
	}{
		{"events", func(y *YearCount, n int) { y.Events += n }},
		{"projects", func(y *YearCount, n int) { y.Projects += n }},
	} {
		err := c.eachRow(ctx, "SELECT substr(start_date, 1, 4) AS y, COUNT(*) FROM "+q.table+
			" WHERE status = 'published' AND start_date <> '' GROUP BY substr(start_date, 1, 4)", nil, func(rows *sql.Rows) error {
			var ys string
			var n int
			if err := rows.Scan(&ys, &n); err != nil {
				return err
			}
			y, err := strconv.Atoi(ys)
			if err != nil {
				return nil
			}
			if byYear[y] == nil {
				byYear[y] = &YearCount{Year: y}
			}
			q.add(byYear[y], n)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]YearCount, 0, len(byYear))
	for _, y := range byYear {
		out = append(out, *y)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Year > out[j-1].Year; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}

// Settings are the site's own details, kept by admins.
type Settings struct {
	// HomeInstitutionID is the office the site is about.
	HomeInstitutionID int64
	// SiteName is the site's name per language; the home institution's
	// name when empty.
	SiteName registry.Text
	// IATIOrgRef identifies the office as IATI's reporting organisation;
	// its activities' identifiers begin with it. When empty, the home
	// institution's own IATI identifier serves.
	IATIOrgRef string
}

// Settings reads the site settings.
func (c Reader) Settings(ctx context.Context) (Settings, error) {
	var s Settings
	err := c.eachRow(ctx, "SELECT key, value FROM settings", nil, func(rows *sql.Rows) error {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		switch k {
		case "home_institution_id":
			s.HomeInstitutionID, _ = strconv.ParseInt(v, 10, 64)
		case "site_name":
			return textCol{&s.SiteName}.Scan(v)
		case "iati_org_ref":
			s.IATIOrgRef = v
		}
		return nil
	})
	return s, err
}

// SaveSettings stores the site settings.
func (tx *Tx) SaveSettings(ctx context.Context, s Settings) error {
	if s.HomeInstitutionID != 0 {
		if ok, err := tx.exists(ctx, institutions, s.HomeInstitutionID); err != nil {
			return err
		} else if !ok {
			return registry.Invalid("home_institution_id", s.HomeInstitutionID, "names no institution")
		}
	}
	r := registry.NewReport()
	registry.CheckIATIRef(r, "iati_org_ref", s.IATIOrgRef)
	if err := r.Err(); err != nil {
		return err
	}
	for k, v := range map[string]string{"home_institution_id": strconv.FormatInt(s.HomeInstitutionID, 10), "site_name": textArg(s.SiteName), "iati_org_ref": s.IATIOrgRef} {
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
			return err
		}
	}
	return tx.logAccountChange(ctx, "settings", 0, ActionUpdate, "", "site settings changed")
}

// CountPublished counts the published records of a type ("event").
func (c Reader) CountPublished(ctx context.Context, noun string) (int, error) {
	table, ok := RecordTypes[noun]
	if !ok {
		return 0, fmt.Errorf("no record type %q", noun)
	}
	return c.count(ctx, table, where{conds: []string{"status = 'published'"}})
}

// PublishedSlugs lists, in id order, the slugs of a page of published
// records of a type.
func (c Reader) PublishedSlugs(ctx context.Context, noun string, offset, limit int) ([]string, error) {
	table, ok := RecordTypes[noun]
	if !ok {
		return nil, fmt.Errorf("no record type %q", noun)
	}
	var out []string
	err := c.eachRow(ctx, fmt.Sprintf("SELECT slug FROM %s WHERE status = 'published' ORDER BY id LIMIT %d OFFSET %d", table, limit, offset), nil, func(rows *sql.Rows) error {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out, err
}
