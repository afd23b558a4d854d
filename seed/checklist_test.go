package seed_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/internal/testdb"
	"github.com/reindustrie/observatory/model"
	"github.com/reindustrie/observatory/seed"
)

// carried is what a checklist entry is compared with: the value of the named field,
// and the citations of the carrying record.
type carried struct {
	number    *float64
	date      *string
	precision *model.Precision
	citations []int64
}

func fnum(v float64) *float64 { return &v }

func inum(v *int64) *float64 {
	if v == nil {
		return nil
	}
	f := float64(*v)
	return &f
}

func lookup(db *gorm.DB, e seed.ChecklistEntry) ([]carried, error) {
	switch e.Kind {
	case "observation":
		var o model.Observation
		if err := db.Where("slug = ?", e.Slug).First(&o).Error; err != nil {
			return nil, err
		}
		c := carried{citations: []int64{o.CitationID}, precision: &o.Precision}
		switch e.Field {
		case "value":
			c.number = fnum(o.Value)
		case "value_max":
			c.number = o.ValueMax
		case "date":
			c.date = &o.Date
		case "period_start":
			c.date = o.PeriodStart
		}
		return []carried{c}, nil
	case "subsidy":
		var s model.Subsidy
		if err := db.Where("slug = ?", e.Slug).First(&s).Error; err != nil {
			return nil, err
		}
		c := carried{citations: []int64{s.CitationID}, precision: &s.Precision}
		switch e.Field {
		case "amount_eur":
			c.number = fnum(s.AmountEur)
		case "recipients_count":
			c.number = inum(s.RecipientsCount)
		case "period_start":
			c.date = s.PeriodStart
		case "period_end":
			c.date = s.PeriodEnd
		}
		return []carried{c}, nil
	case "event":
		var ev model.Event
		if err := db.Where("slug = ?", e.Slug).First(&ev).Error; err != nil {
			return nil, err
		}
		return []carried{{date: &ev.Date, precision: &ev.Precision, citations: []int64{ev.CitationID}}}, nil
	case "occupancy":
		var o model.Occupancy
		if err := db.Where("slug = ?", e.Slug).First(&o).Error; err != nil {
			return nil, err
		}
		c := carried{citations: []int64{o.CitationID}}
		switch e.Field {
		case "floor_area_m2":
			c.number = o.FloorAreaM2
		case "since":
			c.date, c.precision = o.Since, o.SincePrecision
		case "until":
			c.date, c.precision = o.Until, o.UntilPrecision
		}
		return []carried{c}, nil
	case "relationship":
		var r model.Relationship
		if err := db.Where("slug = ?", e.Slug).First(&r).Error; err != nil {
			return nil, err
		}
		c := carried{citations: []int64{r.CitationID}, date: r.Since, precision: r.SincePrecision}
		if e.Field == "until" {
			c.date, c.precision = r.Until, r.UntilPrecision
		}
		return []carried{c}, nil
	case "site_status":
		var site model.Site
		if err := db.Where("slug = ?", e.Slug).First(&site).Error; err != nil {
			return nil, err
		}
		var periods []model.SiteStatusPeriod
		if err := db.Where("site_id = ?", site.ID).Find(&periods).Error; err != nil {
			return nil, err
		}
		var out []carried
		for _, p := range periods {
			c := carried{date: &p.Since, precision: &p.SincePrecision}
			if e.Field == "until" {
				c.date, c.precision = p.Until, p.UntilPrecision
			}
			c.citations = []int64{p.CitationID}
			out = append(out, c)
		}
		return out, nil
	case "source":
		var s model.Source
		if err := db.Where("slug = ?", e.Slug).First(&s).Error; err != nil {
			return nil, err
		}
		// A source is its own citation: the quote is checked against its document by
		// seed.Checklist.
		return []carried{{date: s.PublishedOn, precision: &s.PublishedPrecision}}, nil
	}
	return nil, fmt.Errorf("unknown kind %q", e.Kind)
}

func TestChecklist(t *testing.T) {
	t.Parallel()
	entries, err := seed.Checklist()
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 150 {
		t.Errorf("the checklist has %d entries, expected the figures of five documents (150+)", len(entries))
	}
	s := testdb.Seeded(t)
	var sources []model.Source
	if err := s.DB.Find(&sources).Error; err != nil {
		t.Fatal(err)
	}
	sourceSlug := map[int64]string{}
	for _, src := range sources {
		sourceSlug[src.ID] = src.Slug
	}
	var cites []model.Citation
	if err := s.DB.Find(&cites).Error; err != nil {
		t.Fatal(err)
	}
	citations := map[int64]model.Citation{}
	for _, c := range cites {
		citations[c.ID] = c
	}
	for i, e := range entries {
		name := fmt.Sprintf("#%d %s %s %s=%s", i+1, e.Kind, e.Slug, e.Field, e.Value)
		candidates, err := lookup(s.DB, e)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		matched := false
		var seen []string
		for _, c := range candidates {
			valueOK := false
			switch {
			case e.Number != nil && c.number != nil:
				valueOK = math.Abs(*e.Number-*c.number) < 1e-9*math.Max(1, math.Abs(*e.Number))
				seen = append(seen, fmt.Sprint(*c.number))
			case e.Number == nil && c.date != nil:
				valueOK = *c.date == e.Date && (c.precision == nil || *c.precision == e.Precision)
				seen = append(seen, fmt.Sprintf("%s (%v)", *c.date, deref(c.precision)))
			}
			quoteOK := e.Kind == "source"
			for _, id := range c.citations {
				cit := citations[id]
				if sourceSlug[cit.SourceID] == e.Document &&
					strings.Contains(seed.NormalizeQuote(cit.Quote), seed.NormalizeQuote(e.Quote)) {
					quoteOK = true
				}
			}
			if valueOK && quoteOK {
				matched = true
				break
			}
		}
		if !matched {
			t.Errorf("%s: no carrying record has this value with a citation of %s containing %q (found %v)",
				name, e.Document, e.Quote, seen)
		}
	}
}

func deref(p *model.Precision) model.Precision {
	if p == nil {
		return ""
	}
	return *p
}
