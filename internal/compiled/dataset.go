package compiled

import (
	"github.com/99designs/gqlgen/graphql"

	"github.com/reindustrie/observatory/graph"
	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// The dataset's description and its corrections log: records the model reads (they
// have no relations below them), written with the object writer.

// releaseType is DatasetRelease: a release of the curated dataset.
var releaseType = (&object[model.DatasetRelease]{
	name: "DatasetRelease", table: "dataset_releases",
	id: func(r *model.DatasetRelease) int64 { return r.ID },
	scalars: map[string]scalar[model.DatasetRelease]{
		"version":     text(func(r *model.DatasetRelease) string { return r.Version }),
		"releasedOn":  date((*model.DatasetRelease).ReleasedOnDate),
		"description": optLocalized((*model.DatasetRelease).DescriptionIn),
	},
}).init()

// correctionType is Correction: an entry of the public corrections log.
var correctionType = (&object[model.Correction]{
	name: "Correction", table: "corrections",
	id: func(c *model.Correction) int64 { return c.ID },
	scalars: map[string]scalar[model.Correction]{
		"slug":        text(func(c *model.Correction) string { return c.Slug }),
		"release":     text(func(c *model.Correction) string { return c.Release }),
		"publishedOn": date((*model.Correction).PublishedOnDate),
		"kind":        enum(func(c *model.Correction) model.CorrectionKind { return c.Kind }),
		"kindLabel":   localized((*model.Correction).KindLabel),
		"title":       localized((*model.Correction).TitleIn),
		"before":      localized((*model.Correction).BeforeIn),
		"after":       localized((*model.Correction).AfterIn),
		"reason":      localized((*model.Correction).ReasonIn),
		"records":     stringList((*model.Correction).RecordList),
		"keys":        stringList((*model.Correction).KeyList),
	},
}).init()

// rootDataset is dataset: what graph.NewDataset describes, and the releases read by the
// model when asked for (the latest is release). Its downloads and data version take
// the general path.
func rootDataset(x *exec, f *graphql.CollectedField) error {
	d := graph.NewDataset()
	fields := x.fields(f.Selections, []string{"Dataset"})
	var releases []*model.DatasetRelease
	for _, c := range fields {
		if c.Name == "release" || c.Name == "releases" {
			var err error
			if releases, err = model.Releases(x.ctx, loaders.For(x.ctx).DB()); err != nil {
				return decline()
			}
			break
		}
	}
	writers := make([]func() error, len(fields))
	for i := range fields {
		c := &fields[i]
		static := func(s string) func() error { return func() error { x.str(s); return nil } }
		switch c.Name {
		case "__typename":
			writers[i] = static("Dataset")
		case "title", "description":
			text := graph.DatasetTitle
			if c.Name == "description" {
				text = graph.DatasetDescription
			}
			writers[i] = func() error {
				l, err := x.langOf(c)
				if err != nil {
					return err
				}
				x.str(text.In(*l))
				return nil
			}
		case "licence":
			writers[i] = static(d.Licence)
		case "licenceUrl":
			writers[i] = static(d.LicenceURL)
		case "archiveUrl":
			writers[i] = static(d.ArchiveURL)
		case "schemaUrl":
			writers[i] = static(d.SchemaURL)
		case "dataPackageUrl":
			writers[i] = static(d.DataPackageURL)
		case "descriptionUrl":
			writers[i] = static(d.DescriptionURL)
		case "formatVersion":
			writers[i] = static(d.FormatVersion)
		case "releases":
			w, err := releaseType.prepare(x, releases, c.Selections)
			if err != nil {
				return err
			}
			writers[i] = func() error { return list(x, releases, w) }
		case "release":
			var latest []*model.DatasetRelease
			if len(releases) > 0 {
				latest = releases[len(releases)-1:]
			}
			w, err := releaseType.prepare(x, latest, c.Selections)
			if err != nil {
				return err
			}
			writers[i] = func() error {
				if len(latest) == 0 {
					x.null()
					return nil
				}
				return w(latest[0])
			}
		default:
			return decline()
		}
	}
	return x.writeObject(fields, func(i int) error { return writers[i]() })
}

// rootCorrections is corrections(release, first): the log, newest first (model.Corrections).
func rootCorrections(x *exec, f *graphql.CollectedField) error {
	args := x.args(f)
	release, ok := stringArg(args["release"])
	if !ok {
		return decline()
	}
	first, ok := intArg(args["first"])
	if !ok {
		return decline()
	}
	limit, err := graph.SubjectLimit(first)
	if err != nil {
		return decline()
	}
	rows, err := model.Corrections(x.ctx, loaders.For(x.ctx).DB(), release, limit)
	if err != nil {
		return decline()
	}
	w, err := correctionType.prepare(x, rows, f.Selections)
	if err != nil {
		return err
	}
	return list(x, rows, w)
}
