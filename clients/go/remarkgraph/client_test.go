package remarkgraph_test

import (
	"context"
	"net"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"remarkgraph.dev/clients/go/remarkgraph"
	rg "remarkgraph.dev/clients/go/remarkgraph/v1"
)

var bg = context.Background()

func remarkNames(d *remarkgraph.Dossier) []string {
	var names []string
	for _, r := range d.Remarks() {
		names = append(names, r.Name)
	}
	return names
}

func stanceCounts(d *remarkgraph.Dossier) map[string]int64 {
	counts := map[string]int64{}
	for stance, count := range d.StanceCounts {
		counts[remarkgraph.StanceName(stance)] = count
	}
	return counts
}

func TestMatterDossierGroupsRemarksByMeetingNewestFirst(t *testing.T) {
	sampleGraph(t)
	d, err := client.Dossier(bg, matter, 0)
	if err != nil {
		t.Fatal(err)
	}
	if d.Subject != matter || d.Title != "North quay renewal" {
		t.Errorf("subject %q %q", d.Subject, d.Title)
	}
	related := slices.Sorted(slices.Values(d.Related))
	if !slices.Equal(related, []string{decision, report}) {
		t.Errorf("related %v", related)
	}
	if len(d.Meetings) != 2 || d.Meetings[0].Name != "meetings/hb-2" || d.Meetings[1].Name != "meetings/hb-1" {
		t.Fatalf("meetings %+v", d.Meetings)
	}
	if d.Meetings[0].Date != "2024-06-11" {
		t.Errorf("date %q", d.Meetings[0].Date)
	}
	var ordinals []int32
	for _, r := range d.Meetings[1].Remarks {
		ordinals = append(ordinals, r.Ordinal)
	}
	if !slices.Equal(ordinals, []int32{1, 2, 3, 4, 6}) {
		t.Errorf("hb-1 ordinals %v", ordinals)
	}
	if d.TotalRemarks != 8 || d.TotalMeetings != 2 || d.Truncated {
		t.Errorf("totals %d remarks, %d meetings, truncated %v", d.TotalRemarks, d.TotalMeetings, d.Truncated)
	}
}

func TestMatterDossierCountsEachStance(t *testing.T) {
	sampleGraph(t)
	d, err := client.Dossier(bg, matter, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"none": 3, "support": 2, "concern": 1, "question": 1, "oppose": 1}
	got := stanceCounts(d)
	if len(got) != len(want) {
		t.Fatalf("stances %v, want %v", got, want)
	}
	var sum int64
	for stance, count := range want {
		if got[stance] != count {
			t.Errorf("stance %s: %d, want %d", stance, got[stance], count)
		}
		sum += got[stance]
	}
	if sum != d.TotalRemarks {
		t.Errorf("stance counts add up to %d, not %d", sum, d.TotalRemarks)
	}
}

func TestDossierRemarksCarrySpeakerAndLinks(t *testing.T) {
	sampleGraph(t)
	d, err := client.Dossier(bg, decision, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Related, []string{matter}) {
		t.Errorf("related %v", d.Related)
	}
	if d.TotalRemarks != 5 || d.TotalMeetings != 1 {
		t.Errorf("totals %d, %d", d.TotalRemarks, d.TotalMeetings)
	}
	byName := map[string]remarkgraph.DossierRemark{}
	for _, r := range d.Remarks() {
		byName[r.Name] = r
	}
	concern := byName["meetings/hb-1/remarks/3"]
	if concern.Speaker != "people/kimura" || concern.SpeakerTitle != "Kimura Aya" {
		t.Errorf("speaker %q %q", concern.Speaker, concern.SpeakerTitle)
	}
	if len(concern.Links) != 1 || concern.Links[0].Stance != rg.Stance_STANCE_CONCERN {
		t.Errorf("links %+v", concern.Links)
	}
	adoption := byName["meetings/hb-1/remarks/6"]
	if len(adoption.Links) != 1 || remarkgraph.EdgeKindName(adoption.Links[0].Kind) != "ADOPTS" ||
		adoption.Links[0].Target != decision {
		t.Errorf("adoption links %+v", adoption.Links)
	}
	if got := stanceCounts(d); got["none"] != 2 || got["support"] != 1 || got["question"] != 1 {
		t.Errorf("stances %v", got)
	}
}

func TestDossierPagesMergeIntoTheSinglePageAnswer(t *testing.T) {
	sampleGraph(t)
	whole, err := client.Dossier(bg, matter, 1000)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := remarkgraph.Collect(client.DossierPages(bg, &rg.GetDossierRequest{Name: matter, PageSize: 3}))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 3 || pages[2].GetNextPageToken() != "" {
		t.Fatalf("%d pages", len(pages))
	}
	paged, err := client.Dossier(bg, matter, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(remarkNames(paged), remarkNames(whole)) || len(remarkNames(paged)) != 8 {
		t.Errorf("paged %v\nwhole %v", remarkNames(paged), remarkNames(whole))
	}
	// hb-1's remarks span the second and third pages and merge into one group.
	if len(paged.Meetings) != 2 {
		t.Errorf("%d meeting groups", len(paged.Meetings))
	}
}

func TestNodesPageToTheEndWithoutGapsOrRepeats(t *testing.T) {
	sampleGraph(t)
	request := &rg.ListNodesRequest{Kind: rg.NodeKind_NODE_KIND_PERSON, PageSize: 4}
	pages, err := remarkgraph.Collect(remarkgraph.Pages(bg, client.Graph.ListNodes, request))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 6 { // 22 people, 4 a page
		t.Fatalf("%d pages", len(pages))
	}
	var names []string
	for i, page := range pages {
		if i < len(pages)-1 && (len(page.GetNodes()) != 4 || page.GetNextPageToken() == "") {
			t.Errorf("page %d: %d nodes, token %q", i, len(page.GetNodes()), page.GetNextPageToken())
		}
		for _, node := range page.GetNodes() {
			names = append(names, node.GetName())
		}
	}
	if !slices.Equal(names, allPeople()) {
		t.Errorf("paged %v\nwant  %v", names, allPeople())
	}
	if request.GetPageToken() != "" {
		t.Error("Pages changed the caller's request")
	}
	nodes, err := remarkgraph.Collect(client.Nodes(bg, &rg.ListNodesRequest{Kind: rg.NodeKind_NODE_KIND_PERSON, PageSize: 5}))
	if err != nil || len(nodes) != 22 {
		t.Errorf("Nodes: %d nodes, %v", len(nodes), err)
	}
}

func TestNodesStopsWhenTheLoopBreaks(t *testing.T) {
	sampleGraph(t)
	count := 0
	for _, err := range client.Nodes(bg, &rg.ListNodesRequest{Kind: rg.NodeKind_NODE_KIND_PERSON, PageSize: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		count++
		if count == 3 {
			break
		}
	}
	if count != 3 {
		t.Errorf("count %d", count)
	}
}

func TestEdgesPagesMatchOneBigPage(t *testing.T) {
	sampleGraph(t)
	keys := func(pageSize int32) []string {
		edges, err := remarkgraph.Collect(client.Edges(bg, &rg.ListEdgesRequest{
			Name: "meetings/hb-1", Direction: rg.Direction_DIRECTION_BOTH, PageSize: pageSize}))
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, e := range edges {
			keys = append(keys, e.GetSource()+" "+e.GetKind().String()+" "+e.GetTarget())
		}
		return keys
	}
	small, large := keys(3), keys(1000)
	if !slices.Equal(small, large) {
		t.Errorf("page size 3: %v\npage size 1000: %v", small, large)
	}
	unique := slices.Compact(slices.Sorted(slices.Values(small)))
	if len(small) != 30 || len(unique) != 30 { // held by, has item, 22 attendees, 6 remarks
		t.Errorf("%d edges, %d distinct", len(small), len(unique))
	}
}

func TestSearchPagesThroughEveryMatch(t *testing.T) {
	sampleGraph(t)
	hits, err := remarkgraph.Collect(client.SearchHits(bg, &rg.SearchRemarksRequest{Query: "DREDGING", PageSize: 2}))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, hit := range hits {
		names = append(names, hit.GetRemark().GetName())
		if !strings.Contains(hit.GetSnippet(), "redging") {
			t.Errorf("snippet %q", hit.GetSnippet())
		}
	}
	want := []string{"meetings/hb-1/remarks/1", "meetings/hb-1/remarks/2", "meetings/hb-1/remarks/3",
		"meetings/hb-1/remarks/6", "meetings/hb-2/remarks/1"}
	if !slices.Equal(names, want) {
		t.Errorf("hits %v", names)
	}
}

func TestTraverseStreamsHitsThenOneSummary(t *testing.T) {
	sampleGraph(t)
	request := &rg.TraverseRequest{
		Seeds: []string{"people/sato"},
		Steps: []*rg.TraversalStep{
			{Direction: rg.Direction_DIRECTION_INCOMING, EdgeKinds: []rg.EdgeKind{rg.EdgeKind_EDGE_KIND_SPOKEN_BY}},
			{Direction: rg.Direction_DIRECTION_OUTGOING, EdgeKinds: []rg.EdgeKind{rg.EdgeKind_EDGE_KIND_REFERENCES}},
		},
	}
	stream, err := client.Graph.Traverse(bg, request)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for {
		message, err := stream.Recv()
		if err != nil {
			break
		}
		if message.GetSummary() != nil {
			kinds = append(kinds, "summary")
		} else {
			kinds = append(kinds, "hit")
		}
	}
	if !slices.Equal(kinds, []string{"hit", "hit", "hit", "hit", "summary"}) {
		t.Errorf("stream %v", kinds)
	}

	result, err := client.Traverse(bg, request)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"meetings/hb-1/remarks/2", "meetings/hb-1/remarks/4", "meetings/hb-3/remarks/1", decision}
	if !slices.Equal(result.Names(), want) {
		t.Errorf("names %v", result.Names())
	}
	var depths []int32
	for _, hit := range result.Hits {
		depths = append(depths, hit.GetDepth())
	}
	if !slices.Equal(depths, []int32{1, 1, 1, 2}) {
		t.Errorf("depths %v", depths)
	}
	if result.Summary.GetTruncated() || result.Summary.GetNodesVisited() < 4 {
		t.Errorf("summary %v", result.Summary)
	}
}

func TestTraverseReportsABudgetCutInTheSummary(t *testing.T) {
	sampleGraph(t)
	result, err := client.Traverse(bg, &rg.TraverseRequest{
		Seeds:  []string{"meetings/hb-1"},
		Steps:  []*rg.TraversalStep{{Direction: rg.Direction_DIRECTION_INCOMING}},
		Budget: &rg.QueryBudget{MaxNodes: 3},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(result.Hits) > 3 || !result.Summary.GetTruncated() ||
		result.Summary.GetTruncationReason() != rg.TruncationReason_TRUNCATION_REASON_MAX_NODES {
		t.Errorf("%d hits, summary %v", len(result.Hits), result.Summary)
	}
}

func TestTransitiveReplyChain(t *testing.T) {
	sampleGraph(t)
	result, err := client.Traverse(bg, &rg.TraverseRequest{
		Seeds: []string{"meetings/hb-1/remarks/5"},
		Steps: []*rg.TraversalStep{{Direction: rg.Direction_DIRECTION_OUTGOING,
			EdgeKinds: []rg.EdgeKind{rg.EdgeKind_EDGE_KIND_REPLIES_TO}}},
		RepeatLastStep: true,
		IncludeSeeds:   true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(result.Names(), []string{"meetings/hb-1/remarks/5", "meetings/hb-1/remarks/4"}) {
		t.Errorf("names %v", result.Names())
	}
}

func TestInvalidArgumentNamesTheField(t *testing.T) {
	sampleGraph(t)
	_, err := client.UpsertNodes(bg, &rg.Node{Name: "people/never-stored"},
		&rg.Node{Name: "meetings/hb-9", Kind: rg.NodeKind_NODE_KIND_PERSON})
	requireCode(t, err, codes.InvalidArgument, "nodes[1].kind")
	_, err = client.GetNode(bg, "people/never-stored")
	requireCode(t, err, codes.NotFound, "people/never-stored")

	_, err = remarkgraph.Collect(client.Nodes(bg, &rg.ListNodesRequest{Kind: rg.NodeKind_NODE_KIND_PERSON, PageSize: -1}))
	requireCode(t, err, codes.InvalidArgument, "page_size")
	_, err = client.Graph.ListNodes(bg, &rg.ListNodesRequest{})
	requireCode(t, err, codes.InvalidArgument, "kind")
}

func TestNotFoundNamesTheMissingNode(t *testing.T) {
	sampleGraph(t)
	_, err := client.GetNode(bg, "people/nobody")
	requireCode(t, err, codes.NotFound, "people/nobody")
	_, err = client.Graph.BatchGetNodes(bg, &rg.BatchGetNodesRequest{Names: []string{"people/sato", "people/nobody"}})
	requireCode(t, err, codes.NotFound, "people/nobody")
	_, err = client.Write.DeleteNodes(bg, &rg.DeleteNodesRequest{Names: []string{"people/nobody"}})
	requireCode(t, err, codes.NotFound, "people/nobody")
}

func TestEdgeToAMissingNodeIsAFailedPrecondition(t *testing.T) {
	sampleGraph(t)
	list := &rg.ListEdgesRequest{Name: "people/sato", PageSize: 1000}
	before, err := client.Graph.ListEdges(bg, list)
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.UpsertEdges(bg,
		edge("people/sato", rg.EdgeKind_EDGE_KIND_ATTENDED, "meetings/hb-3", rg.Stance_STANCE_UNSPECIFIED),
		edge("people/sato", rg.EdgeKind_EDGE_KIND_ATTENDED, "meetings/hb-404", rg.Stance_STANCE_UNSPECIFIED))
	requireCode(t, err, codes.FailedPrecondition, "meetings/hb-404")
	after, err := client.Graph.ListEdges(bg, list)
	if err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(before, after) {
		t.Errorf("a rejected write changed the graph:\nbefore %v\nafter  %v", before, after)
	}
}

func TestDefaultDeadlineAppliesToCallsWithoutOne(t *testing.T) {
	// Nothing listens on the port; with WaitForReady a call waits for a
	// server until its deadline, so the deadline is all that ends it.
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	address := listener.Addr().String()
	listener.Close()
	hurried, err := remarkgraph.New(address, remarkgraph.WithTimeout(300*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer hurried.Close()
	request := &rg.GetNodeRequest{Name: "people/sato"}

	started := time.Now()
	_, err = hurried.Graph.GetNode(bg, request, grpc.WaitForReady(true))
	if status.Code(err) != codes.DeadlineExceeded || time.Since(started) > 5*time.Second {
		t.Errorf("got %v after %v, want DEADLINE_EXCEEDED after 300 ms", err, time.Since(started))
	}

	ctx, cancel := context.WithTimeout(bg, time.Second)
	defer cancel()
	started = time.Now()
	_, err = hurried.Graph.GetNode(ctx, request, grpc.WaitForReady(true))
	if status.Code(err) != codes.DeadlineExceeded || time.Since(started) < 900*time.Millisecond {
		t.Errorf("got %v after %v, want the context's own 1 s deadline", err, time.Since(started))
	}

	started = time.Now()
	_, err = hurried.Traverse(bg, &rg.TraverseRequest{Seeds: []string{"people/sato"}})
	if status.Code(err) != codes.Unavailable && status.Code(err) != codes.DeadlineExceeded {
		t.Errorf("Traverse: %v", err)
	}
}

func TestExamplePrintsTheDossierAndTheListing(t *testing.T) {
	example := os.Getenv("REMARKGRAPH_EXAMPLE")
	if example == "" {
		t.Skip("REMARKGRAPH_EXAMPLE is not set to the built example")
	}
	sampleGraph(t)
	output, err := exec.Command(example, "--target", serverAddress, "--page-size", "2", matter).CombinedOutput()
	if err != nil {
		t.Fatalf("%v:\n%s", err, output)
	}
	lines := strings.Split(strings.TrimRight(string(output), "\n"), "\n")
	for _, want := range []string{
		"North quay renewal (matters/north-quay): 8 remarks in 2 meetings",
		"  stances: none 3, support 2, concern 1, question 1, oppose 1",
		"    3. Nakano Ryo [oppose]: I oppose widening the renewal budget again.",
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("no line %q in\n%s", want, output)
		}
	}
	tail := []string{
		"meetings/hb-1  2024-03-05  Harbour Board, 1st meeting",
		"meetings/hb-2  2024-06-11  Harbour Board, 2nd meeting",
		"meetings/hb-3  2024-09-17  Harbour Board, 3rd meeting",
	}
	if len(lines) < 3 || !slices.Equal(lines[len(lines)-3:], tail) {
		t.Errorf("the listing does not end with the three meetings:\n%s", output)
	}
}
