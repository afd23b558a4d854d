package model

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/reindustrie/observatory/internal/textnorm"
)

// The folded text search and name filters match against (column search_text): one
// recipe per kind of record, shared by the seed loader and the editing path. A name is
// also indexed without its spaces ("Black-Star" as "blackstar", "Mov'N Tec" as
// "movntec"), so that the documents' own spellings find it.

// compact is the folded text without its spaces, when that differs from the text.
func compact(s string) string {
	f := textnorm.Fold(s)
	c := strings.ReplaceAll(f, " ", "")
	if c == f {
		return ""
	}
	return c
}

// SourceSearchText is what a source is found by.
func SourceSearchText(s *Source) string { return textnorm.Join(s.Title, s.Publisher) }

// CompanySearchText is what a company is found by: its name (and without spaces), place,
// group, activity and description.
func CompanySearchText(c *Company, place string) string {
	return textnorm.Join(append([]string{c.Name, compact(c.Name), place, deref(c.GroupName)}, texts(c.Activity, c.Description)...)...)
}

// SiteSearchText is what a site is found by: its name (and without spaces), place,
// operator and description.
func SiteSearchText(s *Site, place, operator string) string {
	return textnorm.Join(append([]string{s.Name, compact(s.Name), place, operator}, texts(s.Description)...)...)
}

// ProgrammeSearchText is what a programme is found by: its name, short name (acronym)
// and description.
func ProgrammeSearchText(p *Programme) string {
	return textnorm.Join(append([]string{p.Name, deref(p.ShortName), compact(deref(p.ShortName))}, texts(p.Description)...)...)
}

// EventSearchText is what an event is found by: its title, description and the passage
// that cites it (its quote, and where it sits: the section of the document).
func EventSearchText(e *Event, passage string) string {
	return textnorm.Join(append(texts(e.Title, e.Description), passage)...)
}

// MetricSearchText is what a metric is found by: its label, code and definition.
func MetricSearchText(m *Metric) string {
	return textnorm.Join(append(texts(m.Label, m.Definition), m.Code)...)
}

// ObservationSearchText is what a figure is found by: its metric's label, its
// category and dimension, its subject's name, its note and the passage that cites it
// (quote and section).
func ObservationSearchText(o *Observation, metricLabel Text, subjectName, passage string) string {
	return textnorm.Join(append(texts(metricLabel, o.Note), deref(o.Category), deref(o.Dimension), subjectName, passage)...)
}

// texts lists the French and English forms of ts: a record is found in either language.
func texts(ts ...Text) []string {
	out := make([]string, 0, 2*len(ts))
	for _, t := range ts {
		out = append(out, t.FR, t.EN)
	}
	return out
}

// SyntheticPrefix starts the slugs and codes of the synthetic records of the
// national-scale benchmarks (package synth): their search text is written by the
// generator, not recomputed here.
const SyntheticPrefix = "synthetic-"

// RefreshSearchText writes the search text of the figures, metrics, breakdowns,
// companies, sites, programmes and events from their current fields (the loader of the
// curated dataset calls it once everything is written; a breakdown is found by the
// quotes of its parts as well).
func RefreshSearchText(ctx context.Context, tx *gorm.DB) error {
	tx = tx.WithContext(ctx)
	subjectName := subjectNameSQL("o.subject_type", "o.subject_id")
	type textRow struct {
		ID   int64
		Text string
	}
	update := func(table string, rows []textRow) error {
		for _, r := range rows {
			if err := tx.Table(table).Where("id = ?", r.ID).Update("search_text", r.Text).Error; err != nil {
				return FromDB(err)
			}
		}
		return nil
	}

	var metrics []Metric
	if err := tx.Find(&metrics).Error; err != nil {
		return FromDB(err)
	}
	rows := make([]textRow, len(metrics))
	for i := range metrics {
		rows[i] = textRow{metrics[i].ID, MetricSearchText(&metrics[i])}
	}
	if err := update("metrics", rows); err != nil {
		return err
	}

	var obs []struct {
		Observation `gorm:"embedded"`
		MetricLabel Text `gorm:"embedded;embeddedPrefix:metric_label_"`
		SubjectName string
		Quote       string
	}
	if err := tx.Table("observations AS o").
		Select("o.*, m.label_fr AS metric_label_fr, m.label_en AS metric_label_en, " + subjectName + " AS subject_name, COALESCE(c.quote, '') || ' ' || COALESCE(c.locator, '') AS quote").
		Joins("JOIN metrics AS m ON m.id = o.metric_id").
		Joins("LEFT JOIN citations AS c ON c.id = o.citation_id").
		Where("o.slug NOT LIKE '" + SyntheticPrefix + "%'").Scan(&obs).Error; err != nil {
		return FromDB(err)
	}
	rows = rows[:0]
	byID := map[int64]string{}
	for i := range obs {
		text := ObservationSearchText(&obs[i].Observation, obs[i].MetricLabel, obs[i].SubjectName, obs[i].Quote)
		byID[obs[i].ID] = text
		rows = append(rows, textRow{obs[i].ID, text})
	}
	if err := update("observations", rows); err != nil {
		return err
	}

	var breakdowns []Breakdown
	if err := tx.Find(&breakdowns).Error; err != nil {
		return FromDB(err)
	}
	rows = rows[:0]
	for i := range breakdowns {
		b := &breakdowns[i]
		parts := texts(b.Title, b.Note)
		var ids []int64
		if err := tx.Table("observations AS o").Select("o.id").
			Where("o.subject_type = ? AND o.subject_id = ? AND o.metric_id = ? AND o.dimension = ?", b.SubjectType, b.SubjectID, b.MetricID, deref(b.Dimension)).
			Or("o.id = ?", b.BaseObservationID).Pluck("o.id", &ids).Error; err != nil {
			return FromDB(err)
		}
		for _, id := range ids {
			parts = append(parts, byID[id])
		}
		rows = append(rows, textRow{b.ID, textnorm.Join(parts...)})
	}
	if err := update("breakdowns", rows); err != nil {
		return err
	}

	var companies []struct {
		Company `gorm:"embedded"`
		Place   string
	}
	if err := tx.Table("companies AS x").Select("x.*, COALESCE(t.name, '') AS place").
		Joins("LEFT JOIN territories AS t ON t.id = x.territory_id").
		Where("x.slug NOT LIKE '" + SyntheticPrefix + "%'").Scan(&companies).Error; err != nil {
		return FromDB(err)
	}
	rows = rows[:0]
	for i := range companies {
		rows = append(rows, textRow{companies[i].ID, CompanySearchText(&companies[i].Company, companies[i].Place)})
	}
	if err := update("companies", rows); err != nil {
		return err
	}

	var sites []struct {
		Site     `gorm:"embedded"`
		Place    string
		Operator string
	}
	// A site is also found by the sections of the documents that cite its status and
	// its occupants ("Un territoire pionnier au cœur de la Vallée de l'électrique").
	var sections []struct {
		SiteID  int64
		Locator string
	}
	if err := tx.Raw(`SELECT p.site_id, c.locator FROM site_status_periods AS p JOIN citations AS c ON c.id = p.citation_id
		UNION SELECT o.site_id, c.locator FROM occupancies AS o JOIN citations AS c ON c.id = o.citation_id`).Scan(&sections).Error; err != nil {
		return FromDB(err)
	}
	sectionsOf := map[int64][]string{}
	for _, s := range sections {
		sectionsOf[s.SiteID] = append(sectionsOf[s.SiteID], s.Locator)
	}
	if err := tx.Table("sites AS x").Select("x.*, COALESCE(t.name, '') AS place, COALESCE(op.name, '') AS operator").
		Joins("LEFT JOIN territories AS t ON t.id = x.territory_id").
		Joins("LEFT JOIN companies AS op ON op.id = x.operator_id").
		Where("x.slug NOT LIKE '" + SyntheticPrefix + "%'").Scan(&sites).Error; err != nil {
		return FromDB(err)
	}
	rows = rows[:0]
	for i := range sites {
		text := SiteSearchText(&sites[i].Site, sites[i].Place, sites[i].Operator)
		rows = append(rows, textRow{sites[i].ID, textnorm.Join(append([]string{text}, sectionsOf[sites[i].ID]...)...)})
	}
	if err := update("sites", rows); err != nil {
		return err
	}

	var programmes []Programme
	if err := tx.Where("slug NOT LIKE '" + SyntheticPrefix + "%'").Find(&programmes).Error; err != nil {
		return FromDB(err)
	}
	rows = rows[:0]
	for i := range programmes {
		rows = append(rows, textRow{programmes[i].ID, ProgrammeSearchText(&programmes[i])})
	}
	if err := update("programmes", rows); err != nil {
		return err
	}

	var events []struct {
		Event `gorm:"embedded"`
		Quote string
	}
	if err := tx.Table("events AS x").Select("x.*, COALESCE(c.quote, '') || ' ' || COALESCE(c.locator, '') AS quote").
		Joins("LEFT JOIN citations AS c ON c.id = x.citation_id").Scan(&events).Error; err != nil {
		return FromDB(err)
	}
	rows = rows[:0]
	for i := range events {
		rows = append(rows, textRow{events[i].ID, EventSearchText(&events[i].Event, events[i].Quote)})
	}
	return update("events", rows)
}

// RefreshObservationSearchText writes the search text of one figure (the editors'
// writes).
func RefreshObservationSearchText(tx *gorm.DB, id int64) error {
	var o []struct {
		Observation `gorm:"embedded"`
		MetricLabel Text `gorm:"embedded;embeddedPrefix:metric_label_"`
		SubjectName string
		Quote       string
	}
	if err := tx.Table("observations AS o").
		Select("o.*, m.label_fr AS metric_label_fr, m.label_en AS metric_label_en, "+subjectNameSQL("o.subject_type", "o.subject_id")+" AS subject_name, COALESCE(c.quote, '') || ' ' || COALESCE(c.locator, '') AS quote").
		Joins("JOIN metrics AS m ON m.id = o.metric_id").
		Joins("LEFT JOIN citations AS c ON c.id = o.citation_id").
		Where("o.id = ?", id).Scan(&o).Error; err != nil || len(o) == 0 {
		return FromDB(err)
	}
	text := ObservationSearchText(&o[0].Observation, o[0].MetricLabel, o[0].SubjectName, o[0].Quote)
	return FromDB(tx.Table("observations").Where("id = ?", id).Update("search_text", text).Error)
}

// subjectNameSQL renders a polymorphic reference (type column, id column) as the name
// of the record it names.
func subjectNameSQL(typeCol, idCol string) string {
	var b strings.Builder
	b.WriteString("COALESCE(CASE " + typeCol)
	for _, k := range Kinds {
		if k.Subject != "" {
			fmt.Fprintf(&b, " WHEN '%s' THEN (SELECT %s FROM %s WHERE id = %s)", k.Subject, k.TitleSQL("", LangFR), k.Table, idCol)
		}
	}
	b.WriteString(" END, '')")
	return b.String()
}
