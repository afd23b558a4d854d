package graph

import (
	"context"

	"github.com/reindustrie/observatory/graph/gqlmodel"
	"github.com/reindustrie/observatory/loaders"
	"github.com/reindustrie/observatory/model"
)

// claimsOf reads the claims argument of an aggregate or a time series (default:
// the preferred claim of each fact).
func claimsOf(c *model.Claims) model.Claims {
	if c == nil || *c == "" {
		return model.ClaimsPreferred
	}
	return *c
}

// observationComputation says how an observation aggregate was computed.
func observationComputation(c model.Claims) model.Text {
	countedFR := "l’affirmation retenue de chaque fait (rang PREFERRED) : un fait dit par plusieurs sources compte une fois, " +
		"ses autres affirmations comptent dans setAside"
	countedEN := "the preferred claim of each fact (rank PREFERRED): a fact stated by several sources is counted once, " +
		"its other claims are counted in setAside"
	if c == model.ClaimsAll {
		countedFR = "chaque affirmation qui répond au filtre, quel que soit son rang : un fait dit par plusieurs sources compte autant de fois"
		countedEN = "every claim matching the filter, whatever its rank: a fact stated by several sources is counted as many times"
	}
	return model.Bi(
		"Calculé par l’observatoire à partir des chiffres qui répondent au filtre : "+countedFR+". "+
			"Les groupes ont pour clés les dimensions demandées, l’indicateur et l’unité (les valeurs d’indicateurs ou d’unités différents ne s’additionnent jamais) ; "+
			"nombre, somme, minimum et maximum portent sur les chiffres comptés (pour une fourchette, sa borne basse `value`). "+
			"Une somme a du sens pour des flux (emplois créés), pas pour des stocks (effectifs à plusieurs dates) ni pour des enveloppes imbriquées.",
		"Computed by the observatory from the figures matching the filter: "+countedEN+". "+
			"Groups are keyed by the dimensions asked for, the metric and the unit (values of different metrics or units are never added); "+
			"count, sum, min and max are over the figures counted (for a RANGE, its low end `value`). "+
			"A sum is meaningful for flows (jobs created), not for stocks (headcounts at several dates) nor for nested envelopes.")
}

// subsidyComputation says how a subsidy aggregate was computed.
func subsidyComputation(c model.Claims) model.Text {
	countedFR := "l’affirmation retenue de chaque montant (rang PREFERRED) : un montant dit par plusieurs passages compte une fois, " +
		"ses autres affirmations comptent dans setAside"
	countedEN := "the preferred claim of each amount (rank PREFERRED): an amount stated by several passages is counted once, " +
		"its other claims are counted in setAside"
	if c == model.ClaimsAll {
		countedFR = "chaque affirmation qui répond au filtre, quel que soit son rang"
		countedEN = "every claim matching the filter, whatever its rank"
	}
	return model.Bi(
		"Calculé par l’observatoire à partir des montants qui répondent au filtre : "+countedFR+". "+
			"Les groupes ont pour clés les dimensions demandées, le niveau (enveloppe nationale, dotation territoriale, aide individuelle) "+
			"et l’origine publique ou privée de l’argent : aucun ne s’ajoute jamais à un autre ; sumEur, tous groupes confondus, vaut null quand les groupes "+
			"sont de niveaux différents ou mêlent argent public et privé.",
		"Computed by the observatory from the amounts matching the filter: "+countedEN+". "+
			"Groups are keyed by the dimensions asked for, the scope (national envelope, territorial allocation, individual grant) "+
			"and public or private money: none of them is ever added to another; sumEur, all groups together, is null when the groups "+
			"are of different scopes or mix public and private money.")
}

// knownSince is the date a passage became public, at its precision: its own date, or
// else its source's (loaded through the per-request loader).
func knownSince(ctx context.Context, c *model.Citation) (*model.Date, error) {
	if on, p := model.KnownSince(c, nil); on != "" {
		return model.DateOf(&on, &p), nil
	}
	src, err := loaders.Load(ctx, loaders.For(ctx).SourceByID(), c.SourceID)
	if err != nil || src == nil {
		return nil, err
	}
	on, p := model.KnownSince(c, src)
	if on == "" {
		return nil, nil
	}
	return model.DateOf(&on, &p), nil
}

// populationProvenance says where a territory's population comes from: the geography
// dataset (communes, EPCI) or the observatory's sums (départements, régions, the
// country).
func populationProvenance(ctx context.Context, t *model.Territory) (*gqlmodel.FigureProvenance, error) {
	if t.Population == nil {
		return nil, nil
	}
	p := model.PopulationProvenanceOf(t)
	out := &gqlmodel.FigureProvenance{Computed: p.Computed, HowComputedText: p.HowComputed, Locator: p.Locator}
	if p.SourceSlug != "" {
		src, err := loaders.LoadBySlug[model.Source](ctx, model.KindSource, p.SourceSlug)
		if err != nil {
			return nil, err
		}
		out.Source = src
	}
	return out, nil
}
