package remarkgraph_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	rg "remarkgraph.dev/clients/go/remarkgraph/v1"
)

// A small invented graph: a harbour board's three meetings about a quay.
// At the first meeting a dredging plan for the north quay is put to a
// decision; five remarks speak to it (support, concern, question, the
// chair's opening and the chair's adoption) and the secretariat answers the
// question. At the second a progress report on the same matter is heard and
// two members take positions on the matter itself. The third meeting's
// remark is about something else. Seventeen visitors attend the first
// meeting, so that the people listing runs to several pages.
const (
	matter   = "matters/north-quay"
	decision = "meetings/hb-1/items/d1"
	report   = "meetings/hb-2/items/r1"
)

type link struct {
	kind   rg.EdgeKind
	target string
	stance rg.Stance
}

type sampleRemark struct {
	name, speaker, label, text string
	links                      []link
}

var (
	members = [][2]string{
		{"people/ito", "Ito Kana"},
		{"people/sato", "Sato Jun"},
		{"people/kimura", "Kimura Aya"},
		{"people/nakano", "Nakano Ryo"},
		{"people/ueda", "Ueda Mio"},
	}
	meetings = [][3]string{
		{"meetings/hb-1", "Harbour Board, 1st meeting", "2024-03-05"},
		{"meetings/hb-2", "Harbour Board, 2nd meeting", "2024-06-11"},
		{"meetings/hb-3", "Harbour Board, 3rd meeting", "2024-09-17"},
	}
	references = rg.EdgeKind_EDGE_KIND_REFERENCES
	remarks    = []sampleRemark{
		{"meetings/hb-1/remarks/1", "people/ito", "Chair Ito",
			"We now take up the dredging plan for the north quay.",
			[]link{{references, decision, rg.Stance_STANCE_UNSPECIFIED}}},
		{"meetings/hb-1/remarks/2", "people/sato", "Member Sato",
			"I support the dredging plan; the berths need the depth.",
			[]link{{references, decision, rg.Stance_STANCE_SUPPORT}}},
		{"meetings/hb-1/remarks/3", "people/kimura", "Member Kimura",
			"The dredging plan worries me: the silt may be contaminated.",
			[]link{{references, decision, rg.Stance_STANCE_CONCERN}}},
		{"meetings/hb-1/remarks/4", "people/sato", "Member Sato",
			"How will the silt be tested before it is dumped?",
			[]link{{references, decision, rg.Stance_STANCE_QUESTION}}},
		{"meetings/hb-1/remarks/5", "people/ueda", "Secretariat",
			"An accredited laboratory will test samples from every section.",
			[]link{{rg.EdgeKind_EDGE_KIND_REPLIES_TO, "meetings/hb-1/remarks/4", rg.Stance_STANCE_UNSPECIFIED}}},
		{"meetings/hb-1/remarks/6", "people/ito", "Chair Ito",
			"Hearing no objection, the dredging plan is adopted.",
			[]link{{rg.EdgeKind_EDGE_KIND_ADOPTS, decision, rg.Stance_STANCE_UNSPECIFIED}}},
		{"meetings/hb-2/remarks/1", "people/ueda", "Secretariat",
			"Dredging of the north quay is half done; the silt tests were clean.",
			[]link{{references, report, rg.Stance_STANCE_UNSPECIFIED}}},
		{"meetings/hb-2/remarks/2", "people/kimura", "Member Kimura",
			"With clean silt tests I now support the quay renewal.",
			[]link{{references, matter, rg.Stance_STANCE_SUPPORT}}},
		{"meetings/hb-2/remarks/3", "people/nakano", "Member Nakano",
			"I oppose widening the renewal budget again.",
			[]link{{references, matter, rg.Stance_STANCE_OPPOSE}}},
		{"meetings/hb-3/remarks/1", "people/sato", "Member Sato",
			"The winter ferry timetable should start in November.",
			nil},
	}
)

func visitors() []string {
	names := make([]string, 17)
	for i := range names {
		names[i] = fmt.Sprintf("people/visitor-%02d", i+1)
	}
	return names
}

// allPeople is every person's name, sorted.
func allPeople() []string {
	names := visitors()
	for _, m := range members {
		names = append(names, m[0])
	}
	slices.Sort(names)
	return names
}

var (
	writeOnce  sync.Once
	writeError error
)

// sampleGraph writes the graph once, through WriteService, and fails the
// test if that failed.
func sampleGraph(t *testing.T) {
	t.Helper()
	writeOnce.Do(func() { writeError = writeSampleGraph(context.Background()) })
	if writeError != nil {
		t.Fatalf("writing the sample graph: %v", writeError)
	}
}

func edge(source string, kind rg.EdgeKind, target string, stance rg.Stance) *rg.Edge {
	return &rg.Edge{Source: source, Kind: kind, Target: target, Stance: stance}
}

func writeSampleGraph(ctx context.Context) error {
	nodes := []*rg.Node{
		{Name: "bodies/harbour-board", Title: "Harbour Board"},
		{Name: matter, Title: "North quay renewal"},
		{Name: decision, Title: "Dredging plan for the north quay", Details: &rg.Node_Item{Item: &rg.ItemDetails{
			ItemKind: rg.ItemKind_ITEM_KIND_DECISION, Outcome: rg.ItemOutcome_ITEM_OUTCOME_ADOPTED, Ordinal: 1}}},
		{Name: report, Title: "Dredging progress", Details: &rg.Node_Item{Item: &rg.ItemDetails{
			ItemKind: rg.ItemKind_ITEM_KIND_REPORT, Ordinal: 1}}},
	}
	for _, m := range meetings {
		nodes = append(nodes, &rg.Node{Name: m[0], Title: m[1],
			Details: &rg.Node_Meeting{Meeting: &rg.MeetingDetails{Date: m[2]}}})
	}
	for _, m := range members {
		nodes = append(nodes, &rg.Node{Name: m[0], Title: m[1]})
	}
	for _, v := range visitors() {
		nodes = append(nodes, &rg.Node{Name: v, Title: "Visitor " + v[len(v)-2:]})
	}
	for _, r := range remarks {
		var ordinal int32
		fmt.Sscan(r.name[strings.LastIndex(r.name, "/")+1:], &ordinal)
		nodes = append(nodes, &rg.Node{Name: r.name, Details: &rg.Node_Remark{Remark: &rg.RemarkDetails{
			Ordinal: ordinal, SpeakerLabel: r.label, Text: r.text}}})
	}
	created, err := client.UpsertNodes(ctx, nodes...)
	if err != nil {
		return err
	}
	if int(created.GetCreated()) != len(nodes) {
		return fmt.Errorf("created %d nodes of %d", created.GetCreated(), len(nodes))
	}

	none := rg.Stance_STANCE_UNSPECIFIED
	edges := []*rg.Edge{
		edge(decision, rg.EdgeKind_EDGE_KIND_ABOUT, matter, none),
		edge(report, rg.EdgeKind_EDGE_KIND_ABOUT, matter, none),
		edge("meetings/hb-1", rg.EdgeKind_EDGE_KIND_HAS_ITEM, decision, none),
		edge("meetings/hb-2", rg.EdgeKind_EDGE_KIND_HAS_ITEM, report, none),
	}
	for _, m := range meetings {
		edges = append(edges, edge(m[0], rg.EdgeKind_EDGE_KIND_HELD_BY, "bodies/harbour-board", none))
		for _, p := range members {
			edges = append(edges, edge(p[0], rg.EdgeKind_EDGE_KIND_ATTENDED, m[0], none))
		}
	}
	for _, v := range visitors() {
		edges = append(edges, edge(v, rg.EdgeKind_EDGE_KIND_ATTENDED, "meetings/hb-1", none))
	}
	for _, r := range remarks {
		meeting := r.name[:strings.Index(r.name, "/remarks/")]
		edges = append(edges,
			edge(r.name, rg.EdgeKind_EDGE_KIND_IN_MEETING, meeting, none),
			edge(r.name, rg.EdgeKind_EDGE_KIND_SPOKEN_BY, r.speaker, none))
		for _, l := range r.links {
			edges = append(edges, edge(r.name, l.kind, l.target, l.stance))
		}
	}
	linked, err := client.UpsertEdges(ctx, edges...)
	if err != nil {
		return err
	}
	if int(linked.GetCreated()) != len(edges) {
		return fmt.Errorf("created %d edges of %d", linked.GetCreated(), len(edges))
	}
	return nil
}
