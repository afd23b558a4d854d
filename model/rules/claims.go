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
	RankReason *string
	// Says is what the record says, as a comparable key (ObservationSays, EventSays):
	// members that say different things disagree.
	Says string
}

// ClaimKind says how messages name the records of a claim and what they share.
type ClaimKind struct {
	// Noun names one record ("observation").
	Noun string
	// About names what every record of a claim shares ("subject and metric").
	About string
	// On names what members disagree on ("" for anything, " on the date").
	On string
}

// The kinds of claim group.
var (
	// ObservationClaims are claims about a figure.
	ObservationClaims = ClaimKind{Noun: "observation", About: "subject and metric"}
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
// first one is about; at most one is PREFERRED; and when they disagree (say different
// things), each says why it has its rank (a rank reason).
func ClaimGroup(s Style, kind ClaimKind, claim string, members []ClaimMember) []ClaimProblem {
	var out []ClaimProblem
	if len(members) == 0 {
		return nil
	}
	preferred, noReason := 0, false
	says := map[string]bool{}
	for _, m := range members {
		if m.About != members[0].About {
			out = append(out, ClaimProblem{Record: m.Record, Rule: ClaimAbout, Err: model.BadInput(
				"claim %q: every %s of a claim must have the %s of %s", claim, kind.Noun, kind.About, members[0].Record)})
		}
		if m.Rank == model.RankPreferred {
			preferred++
		}
		if Blank(m.RankReason) {
			noReason = true
		}
		says[m.Says] = true
	}
	if preferred > 1 {
		out = append(out, ClaimProblem{Rule: ClaimPreferred, Err: model.BadInput("more than one PREFERRED %s", kind.Noun)})
	}
	// Sources that agree corroborate each other; when they disagree, each record must
	// say why it has its rank.
	if len(says) > 1 && noReason {
		out = append(out, ClaimProblem{Rule: ClaimDisagree, Err: model.BadInput("the %ss of the claim disagree%s: each needs a %s",
			kind.Noun, kind.On, s.Name("rankReason"))})
	}
	return out
}

// ObservationSays is what a figure says, for ClaimGroup: its value, high end,
// approximation, date and period start (compared by value, not by pointer).
func ObservationSays(o *model.Observation) string {
	return fmt.Sprint(o.Value, " ", sprint(o.ValueMax), " ", o.Approximation, " ", o.Date, " ", sprint(o.PeriodStart))
}

// EventSays is what an event says, for ClaimGroup: its date and precision.
func EventSays(e *model.Event) string { return e.Date + " " + string(e.Precision) }
