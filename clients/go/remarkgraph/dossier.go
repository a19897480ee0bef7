package remarkgraph

import (
	"context"
	"errors"
	"iter"
	"strings"

	remarkgraphv1 "remarkgraph.dev/clients/go/remarkgraph/v1"
)

// Dossier is every remark, in any meeting, that references a decision,
// report or matter: GetDossier's pages merged into plain values.
type Dossier struct {
	// Subject is the resource name of the decision, report or matter.
	Subject string
	// Title is the subject's title.
	Title string
	// Related are, for a matter, the items about it; for an item, the
	// matters it is about.
	Related []string
	// Meetings group the remarks by meeting, newest meeting first.
	Meetings []DossierMeeting
	// TotalRemarks counts the referencing remarks.
	TotalRemarks int64
	// TotalMeetings counts the distinct meetings.
	TotalMeetings int64
	// StanceCounts counts remarks by stance; only stances that occur are
	// present, STANCE_UNSPECIFIED for remarks that state none.
	StanceCounts map[remarkgraphv1.Stance]int64
	// Truncated is set when the server scanned only part of the
	// references (the totals then count what was scanned).
	Truncated bool
}

// DossierMeeting holds the referencing remarks of one meeting.
type DossierMeeting struct {
	// Name is the meeting's resource name.
	Name string
	// Title is the meeting's title.
	Title string
	// Date is YYYY-MM-DD, or empty when unknown.
	Date string
	// Remarks are in ordinal order.
	Remarks []DossierRemark
}

// DossierRemark is a remark that references the subject.
type DossierRemark struct {
	// Name is the remark's resource name.
	Name string
	// Ordinal is its position in the meeting, from 1.
	Ordinal int32
	// Text is the words of the remark.
	Text string
	// Speaker is a person's resource name, empty when not resolved.
	Speaker string
	// SpeakerTitle is the person's name, or the printed label when the
	// speaker is not resolved.
	SpeakerTitle string
	// Links are the remark's edges to the subject or its items.
	Links []DossierLink
}

// DossierLink is an edge from a remark to the subject or one of its items.
type DossierLink struct {
	// Target is the resource name referenced.
	Target string
	// Kind is REFERENCES or ADOPTS.
	Kind remarkgraphv1.EdgeKind
	// Stance is the stance of a REFERENCES edge.
	Stance remarkgraphv1.Stance
}

// Remarks returns every remark of the dossier, meeting by meeting.
func (d *Dossier) Remarks() []DossierRemark {
	var all []DossierRemark
	for _, meeting := range d.Meetings {
		all = append(all, meeting.Remarks...)
	}
	return all
}

// StanceName is the short lower-case name of a stance: "support",
// "concern", "question", "oppose", or "none" for STANCE_UNSPECIFIED.
func StanceName(stance remarkgraphv1.Stance) string {
	if stance == remarkgraphv1.Stance_STANCE_UNSPECIFIED {
		return "none"
	}
	return strings.ToLower(strings.TrimPrefix(stance.String(), "STANCE_"))
}

// EdgeKindName is the short upper-case name of an edge kind ("REFERENCES").
func EdgeKindName(kind remarkgraphv1.EdgeKind) string {
	return strings.TrimPrefix(kind.String(), "EDGE_KIND_")
}

// Dossier fetches every page of the dossier of name (an item or a matter),
// pageSize remarks at a time (0: the server's default), and merges them.
func (c *Client) Dossier(ctx context.Context, name string, pageSize int32) (*Dossier, error) {
	return DossierFromPages(c.DossierPages(ctx, &remarkgraphv1.GetDossierRequest{Name: name, PageSize: pageSize}))
}

// DossierFromPages merges GetDossier responses, first page first, into a
// Dossier. Totals, stance counts and related nodes come from the first page
// (every page carries the same); a meeting that continues on the next page
// becomes one group.
func DossierFromPages(pages iter.Seq2[*remarkgraphv1.GetDossierResponse, error]) (*Dossier, error) {
	var dossier *Dossier
	for page, err := range pages {
		if err != nil {
			return nil, err
		}
		if dossier == nil {
			dossier = &Dossier{
				Subject:       page.GetSubject().GetName(),
				Title:         page.GetSubject().GetTitle(),
				TotalRemarks:  page.GetTotalRemarks(),
				TotalMeetings: page.GetTotalMeetings(),
				StanceCounts:  map[remarkgraphv1.Stance]int64{},
			}
			for _, related := range page.GetRelated() {
				dossier.Related = append(dossier.Related, related.GetName())
			}
			for _, count := range page.GetStances() {
				dossier.StanceCounts[count.GetStance()] = count.GetCount()
			}
		}
		dossier.Truncated = dossier.Truncated || page.GetStats().GetTruncated()
		for _, group := range page.GetMeetings() {
			last := len(dossier.Meetings) - 1
			if last < 0 || dossier.Meetings[last].Name != group.GetMeeting().GetName() {
				dossier.Meetings = append(dossier.Meetings, DossierMeeting{
					Name:  group.GetMeeting().GetName(),
					Title: group.GetMeeting().GetTitle(),
					Date:  group.GetMeeting().GetMeeting().GetDate(),
				})
				last++
			}
			for _, remark := range group.GetRemarks() {
				dossier.Meetings[last].Remarks = append(dossier.Meetings[last].Remarks, dossierRemark(remark))
			}
		}
	}
	if dossier == nil {
		return nil, errors.New("remarkgraph: no dossier pages")
	}
	return dossier, nil
}

func dossierRemark(remark *remarkgraphv1.DossierRemark) DossierRemark {
	details := remark.GetRemark().GetRemark()
	result := DossierRemark{
		Name:         remark.GetRemark().GetName(),
		Ordinal:      details.GetOrdinal(),
		Text:         details.GetText(),
		Speaker:      remark.GetSpeaker(),
		SpeakerTitle: remark.GetSpeakerTitle(),
	}
	for _, link := range remark.GetLinks() {
		result.Links = append(result.Links, DossierLink{
			Target: link.GetTarget(),
			Kind:   link.GetKind(),
			Stance: link.GetStance(),
		})
	}
	return result
}
