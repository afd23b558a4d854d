package rules

import (
	"fmt"

	"github.com/reindustrie/observatory/model"
)

// ClaimMember is one record of a claim group (the records that share a claim key:
// several sources' figures, or dates, for the same fact), as the claim rules see it.
type ClaimMember struct {
	// Record names the record in messages (its slug).
	Record string
	// About is what the record is about, as a comparable key: every member of a claim
	// is about the same thing (for observations, the subject and the metric; for events,
	// the kind).
	About string
	// Rank and RankReason are the record's.
	Rank       model.Rank
	RankReason model.Text
	// Says is what the record says, as a comparable key (ObservationSays, EventSays):
	// members that say different things disagree.
	Says string
	// From and To bound the period the record is about (stored dates, To the last day
	// of its period; see ObservationSpan), for the kinds of claim whose members must be
	// about one date (ClaimKind.SameWhen).
	From, To string
}

// ClaimKind says how messages name the records of a claim and what they share.
type ClaimKind struct {
	// Noun names one record ("observation").
	Noun string
	// About names what every record of a claim shares ("subject and metric").
	About string
	// On names what members disagree on ("" for anything, " on the date").
	On string
	// SameWhen: every member must be about the same date or period, at any precision
	// ("2018" and "2018-11-22" overlap): figures of different dates are different facts
	// (a count in 2021 and another in 2025), never claims of one. Events are claims
	// about the date itself, so their dates may differ.
	SameWhen bool
}

// The kinds of claim group.
var (
	// ObservationClaims are claims about a figure.
	ObservationClaims = ClaimKind{Noun: "observation", About: "subject, metric, status and breakdown category", SameWhen: true}
	// SubsidyClaims are claims about an amount of money.
	SubsidyClaims = ClaimKind{Noun: "subsidy", About: "programme, recipient, territory, status, funder kind and scope", SameWhen: true}
	// EventClaims are claims about when something happened.
	EventClaims = ClaimKind{Noun: "event", About: "kind", On: " on the date"}
)

// ClaimRule names a rule of claim groups.
type ClaimRule string

// The rules of claim groups.
const (
	// ClaimAbout: every member is about what the first one is about.
	ClaimAbout ClaimRule = "about"
	// ClaimPreferred: at most one member is PREFERRED.
	ClaimPreferred ClaimRule = "preferred"
	// ClaimNoPreferred: a group with members that are not DEPRECATED has a PREFERRED
	// one (the one the aggregates count).
	ClaimNoPreferred ClaimRule = "no-preferred"
	// ClaimWhen: every member is about the date of the first one (ClaimKind.SameWhen).
	ClaimWhen ClaimRule = "when"
	// ClaimDisagree: when members disagree, each says why it has its rank.
	ClaimDisagree ClaimRule = "disagree"
)

// ClaimProblem is a problem of a claim group: of one member (Record), or of the group
// as a whole (Record is ""), against Rule.
type ClaimProblem struct {
	Record string
	Rule   ClaimRule
	Err    *model.Error
}

// ClaimGroup checks the records of one claim, in order: every member is about what the
// first one is about (and, for figures, about its date); exactly one of the members
// that are not DEPRECATED is PREFERRED (none when all are); and when they disagree (say
// different things), each says why it has its rank (a rank reason).
//
// A retracted claim is DEPRECATED: it stays in its group, visible, but no longer
// counts among the members one of which must be PREFERRED. So the PREFERRED claim of
// a group is retracted only once another is preferred, and a group whose claims are
// all retracted has none (its fact is counted nowhere).
func ClaimGroup(s Style, kind ClaimKind, claim string, members []ClaimMember) []ClaimProblem {
	var out []ClaimProblem
	if len(members) == 0 {
		return nil
	}
	preferred, live, noReason := 0, 0, false
	says := map[string]bool{}
	for _, m := range members {
		if m.About != members[0].About {
			out = append(out, ClaimProblem{Record: m.Record, Rule: ClaimAbout, Err: model.BadInput(
				"claim %q: every %s of a claim must have the %s of %s", claim, kind.Noun, kind.About, members[0].Record)})
		} else if kind.SameWhen && !overlap(m, members[0]) {
			out = append(out, ClaimProblem{Record: m.Record, Rule: ClaimWhen, Err: model.BadInput(
				"claim %q: every %s of a claim must be about the date of %s (figures of different dates are different facts, not claims of one)",
				claim, kind.Noun, members[0].Record)})
		}
		if m.Rank != model.RankDeprecated {
			live++
		}
		if m.Rank == model.RankPreferred {
			preferred++
		}
		if BlankText(m.RankReason) {
			noReason = true
		}
		says[m.Says] = true
	}
	if preferred > 1 {
		out = append(out, ClaimProblem{Rule: ClaimPreferred, Err: model.BadInput("more than one PREFERRED %s", kind.Noun)})
	}
	if preferred == 0 && live > 0 {
		out = append(out, ClaimProblem{Rule: ClaimNoPreferred, Err: model.BadInput(
			"no PREFERRED %s: one %s of the claim that is not DEPRECATED must be PREFERRED (the one counted)", kind.Noun, kind.Noun)})
	}
	// Sources that agree corroborate each other; when they disagree, each record must
	// say why it has its rank.
	if len(says) > 1 && noReason {
		out = append(out, ClaimProblem{Rule: ClaimDisagree, Err: model.BadInput("the %ss of the claim disagree%s: each needs a %s",
			kind.Noun, kind.On, s.Name("rankReason"))})
	}
	return out
}

// overlap reports whether two members are about overlapping periods (members without
// a period are not checked).
func overlap(a, b ClaimMember) bool {
	if a.From == "" || b.From == "" {
		return true
	}
	return a.From <= b.To && b.From <= a.To
}

// ObservationSpan is the period a figure is about, for ClaimMember.From and To: from
// the start of its period (or of its date) to the last day of its date at its
// precision ("2018" runs to 2018-12-31).
func ObservationSpan(o *model.Observation) (from, to string) {
	from = o.Date
	if o.PeriodStart != nil {
		from = *o.PeriodStart
	}
	return from, model.PeriodEnd(o.Date, o.Precision)
}

// SubsidySpan is the period an amount is about, for ClaimMember.From and To.
func SubsidySpan(sub *model.Subsidy) (from, to string) {
	end := sub.PeriodEnd
	if end == nil {
		end = sub.PeriodStart
	}
	if end == nil {
		return "", ""
	}
	from = *end
	if sub.PeriodStart != nil {
		from = *sub.PeriodStart
	}
	return from, model.PeriodEnd(*end, sub.Precision)
}

// SubsidySays is what an amount says, for ClaimGroup: its amount and approximation.
func SubsidySays(sub *model.Subsidy) string {
	return fmt.Sprint(sub.AmountEur, " ", sub.Approximation)
}

// ObservationSays is what a figure says, for ClaimGroup: its value, high end,
// approximation, date and period start (compared by value, not by pointer).
func ObservationSays(o *model.Observation) string {
	return fmt.Sprint(o.Value, " ", sprint(o.ValueMax), " ", o.Approximation, " ", o.Date, " ", sprint(o.PeriodStart))
}

// EventSays is what an event says, for ClaimGroup: its date and precision.
func EventSays(e *model.Event) string { return e.Date + " " + string(e.Precision) }
