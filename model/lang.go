package model

import (
	"context"
	"fmt"
	"sync/atomic"
)

// Lang is a language of the API's texts: French, the observatory's first language and
// the default, or English.
type Lang string

// The languages of the API.
const (
	LangFR Lang = "FR"
	LangEN Lang = "EN"
)

// Langs lists the languages, French first.
var Langs = []Lang{LangFR, LangEN}

// IsValid reports whether l is a language of the API.
func (l Lang) IsValid() bool { return l == LangFR || l == LangEN }

// Tag is the language's BCP 47 tag, as in Content-Language: "fr" or "en".
func (l Lang) Tag() string {
	if l == LangEN {
		return "en"
	}
	return "fr"
}

// String returns the GraphQL name of the language.
func (l Lang) String() string { return string(l) }

// ParseLang reads a language from a tag or name ("fr", "FR", "en", "EN").
func ParseLang(s string) (Lang, bool) {
	switch s {
	case "fr", "FR", "Fr":
		return LangFR, true
	case "en", "EN", "En":
		return LangEN, true
	}
	return "", false
}

// Text is a human-readable text of the observatory in French and English. A record's
// text is stored in two columns, <name>_fr and <name>_en (gorm: embedded with the
// prefix "<name>_"). An empty text is "" in both.
type Text struct {
	FR string `gorm:"column:fr" json:"fr" yaml:"fr"`
	EN string `gorm:"column:en" json:"en" yaml:"en"`
}

// In returns the text in language l; the other language's when l's is missing (a
// record the curated data's tests would refuse, or a write through SQL).
func (t Text) In(l Lang) string {
	if l == LangEN {
		if t.EN != "" {
			return t.EN
		}
		return t.FR
	}
	if t.FR != "" {
		return t.FR
	}
	return t.EN
}

// Opt returns the text in language l, nil when the text is empty (for the nullable
// fields of the API).
func (t Text) Opt(l Lang) *string {
	s := t.In(l)
	if s == "" {
		return nil
	}
	return &s
}

// IsZero reports whether the text is empty in both languages.
func (t Text) IsZero() bool { return t.FR == "" && t.EN == "" }

// Complete reports whether the text exists in both languages.
func (t Text) Complete() bool { return t.FR != "" && t.EN != "" }

// Both returns the two texts, French first (for search texts, which find a record by
// either).
func (t Text) Both() []string { return []string{t.FR, t.EN} }

// Bi returns the text with its French and English forms.
func Bi(fr, en string) Text { return Text{FR: fr, EN: en} }

// UnmarshalGQL and MarshalGQL are not defined: texts reach the API through the
// language-aware accessors of each record, never as a whole.

// The language of a request: chosen by its Accept-Language header (French when it
// names neither language), and overridden field by field by a lang argument.

type langKey struct{}

// langOfRequest is the language negotiated for a request, and the languages its
// texts were actually given in (for Content-Language).
type langOfRequest struct {
	negotiated Lang
	used       atomic.Uint32 // bit 0: French, bit 1: English
}

// WithLang returns ctx carrying the negotiated language of a request.
func WithLang(ctx context.Context, l Lang) context.Context {
	if !l.IsValid() {
		l = LangFR
	}
	return context.WithValue(ctx, langKey{}, &langOfRequest{negotiated: l})
}

// LangOf returns the language of the texts of a field: the field's lang argument when
// given, else the request's negotiated language, else French. It records the language
// as used by the response.
func LangOf(ctx context.Context, arg *Lang) Lang {
	r, _ := ctx.Value(langKey{}).(*langOfRequest)
	l := LangFR
	switch {
	case arg != nil && arg.IsValid():
		l = *arg
	case r != nil:
		l = r.negotiated
	}
	if r != nil {
		bit := uint32(1)
		if l == LangEN {
			bit = 2
		}
		if r.used.Load()&bit == 0 {
			r.used.Or(bit)
		}
	}
	return l
}

// ContentLanguage returns the value of the response's Content-Language header: the
// languages the texts of the response were given in, or the negotiated one when it
// held no text ("fr", "en" or "fr, en").
func ContentLanguage(ctx context.Context) string {
	r, _ := ctx.Value(langKey{}).(*langOfRequest)
	if r == nil {
		return LangFR.Tag()
	}
	switch r.used.Load() {
	case 1:
		return "fr"
	case 2:
		return "en"
	case 3:
		return "fr, en"
	}
	return r.negotiated.Tag()
}

// MarshalText and UnmarshalText let Lang be read from configuration and JSON.
func (l Lang) MarshalText() ([]byte, error) { return []byte(l), nil }

// UnmarshalText reads a language name or tag.
func (l *Lang) UnmarshalText(b []byte) error {
	v, ok := ParseLang(string(b))
	if !ok {
		return fmt.Errorf("unknown language %q (FR or EN)", b)
	}
	*l = v
	return nil
}

// RequestLang returns the language negotiated for the request of ctx (French without
// one), without recording it as used.
func RequestLang(ctx context.Context) Lang {
	if r, _ := ctx.Value(langKey{}).(*langOfRequest); r != nil {
		return r.negotiated
	}
	return LangFR
}
