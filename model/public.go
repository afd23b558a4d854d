package model

import (
	"reflect"
	"strings"

	"gorm.io/gorm"
)

// PublicRecord is a record as the audit trail publishes it (docs/editing.md): its
// fields under their GraphQL names, references to other records as their global IDs
// (a metric by its code, a citation as its source's slug, quote and locator), texts
// as {"fr", "en"}; no internal numeric id, no derived column (search text, sort key,
// path). It reads the slugs of the records referred to.
func PublicRecord(tx *gorm.DB, row any) (map[string]any, error) {
	v := reflect.ValueOf(row)
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	t := v.Type()
	own := kindOfValue(row)
	out := map[string]any{}
	for i := range t.NumField() {
		f := t.Field(i)
		name := f.Name
		if !f.IsExported() || privateFields[name] {
			continue
		}
		fv := v.Field(i)
		if fv.Kind() == reflect.Pointer && fv.IsNil() {
			if key, ok := strings.CutSuffix(name, "ID"); ok && key != "" {
				name = key
			}
			out[publicName(name)] = nil
			continue
		}
		val := fv.Interface()
		switch {
		case strings.HasSuffix(name, "Type") && t.Kind() == reflect.Struct && hasField(t, strings.TrimSuffix(name, "Type")+"ID"):
			continue // written with its ID below
		case strings.HasSuffix(name, "ID"):
			base := strings.TrimSuffix(name, "ID")
			id := reflect.Indirect(fv).Int()
			ref, err := publicRef(tx, t, v, own, base, id)
			if err != nil {
				return nil, err
			}
			out[publicName(base)] = ref
		default:
			if p, ok := val.(*string); ok {
				out[publicName(name)] = *p
				continue
			}
			out[publicName(name)] = reflect.Indirect(fv).Interface()
		}
	}
	return out, nil
}

// privateFields are the columns the API does not show: ids and derived columns.
var privateFields = map[string]bool{"ID": true, "SearchText": true, "NameKey": true, "Path": true, "AdminPath": true}

// publicNames are the GraphQL names of the fields not named after their Go field.
var publicNames = map[string]string{"AreaM2": "areaSquareMetres", "Event": "announcedAt", "URL": "url",
	"AreaCitation": "areaCitation", "Operator": "operator"}

func publicName(goName string) string {
	if n, ok := publicNames[goName]; ok {
		return n
	}
	return strings.ToLower(goName[:1]) + goName[1:]
}

func hasField(t reflect.Type, name string) bool {
	_, ok := t.FieldByName(name)
	return ok
}

// referredKinds are the kinds of the records a foreign key names, by field.
var referredKinds = map[string]*Kind{
	"Territory": KindTerritory, "Operator": KindCompany, "Recipient": KindCompany, "Company": KindCompany,
	"Site": KindSite, "Programme": KindProgramme, "Metric": KindMetric, "Event": KindEvent, "Source": KindSource,
	"Member": KindTerritory, "Group": KindTerritory, "BaseObservation": KindObservation,
}

// publicRef is how the audit trail names the record a foreign key (or a polymorphic
// reference: SubjectType and SubjectID, FromType and FromID...) refers to.
func publicRef(tx *gorm.DB, t reflect.Type, v reflect.Value, own *Kind, base string, id int64) (any, error) {
	if base == "Citation" || base == "AreaCitation" {
		var c []struct{ Source, Quote, Locator string }
		err := tx.Table("citations AS c").Select("s.slug AS source, c.quote, c.locator").
			Joins("JOIN sources AS s ON s.id = c.source_id").Where("c.id = ?", id).Scan(&c).Error
		if err != nil || len(c) == 0 {
			return nil, err
		}
		return map[string]any{"source": c[0].Source, "quote": c[0].Quote, "locator": c[0].Locator}, nil
	}
	k := referredKinds[base]
	if base == "Parent" {
		k = own
	}
	if _, ok := t.FieldByName(base + "Type"); ok {
		k = KindOfSubject(SubjectType(v.FieldByName(base + "Type").String()))
	}
	if k == nil {
		return id, nil
	}
	var slugs []string
	if err := tx.Table(k.Table).Where("id = ?", id).Limit(1).Pluck(k.SlugCol(), &slugs).Error; err != nil || len(slugs) == 0 {
		return nil, err
	}
	if !k.Node || k == KindMetric {
		return slugs[0], nil
	}
	return GlobalID(k.Type, slugs[0]), nil
}

// kindOfValue is the registry's kind of a record value, nil when it has none.
func kindOfValue(row any) *Kind {
	for _, k := range Kinds {
		if k.records.is(row) {
			return k
		}
	}
	return nil
}
