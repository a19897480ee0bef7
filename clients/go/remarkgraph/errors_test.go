package remarkgraph_test

import (
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	rg "remarkgraph.dev/clients/go/remarkgraph/v1"
)

// details returns the error's google.rpc error details (AIP-193), decoded
// by grpc-go from the grpc-status-details-bin trailer, after checking the
// code and the ErrorInfo every error carries.
func details(t *testing.T, err error, code codes.Code, reason string) []any {
	t.Helper()
	s, ok := status.FromError(err)
	if !ok || s.Code() != code {
		t.Fatalf("got error %v, want code %v", err, code)
	}
	found := s.Details()
	for _, d := range found {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			if info.GetDomain() != "remarkgraph.io" || info.GetReason() != reason {
				t.Fatalf("ErrorInfo %v, want domain remarkgraph.io and reason %s", info, reason)
			}
			return found
		}
	}
	t.Fatalf("no ErrorInfo in %v", found)
	return nil
}

func TestInvalidArgumentCarriesTheFieldViolation(t *testing.T) {
	sampleGraph(t)
	stream, err := client.Graph.Traverse(bg, &rg.TraverseRequest{
		Seeds: []string{"people/sato"},
		Steps: []*rg.TraversalStep{{}, {EdgeKinds: []rg.EdgeKind{rg.EdgeKind_EDGE_KIND_REFERENCES, 99}}},
	})
	if err == nil {
		_, err = stream.Recv() // A server stream reports its status here.
	}
	var violation *errdetails.BadRequest_FieldViolation
	for _, d := range details(t, err, codes.InvalidArgument, "INVALID_FIELD") {
		if bad, ok := d.(*errdetails.BadRequest); ok && len(bad.GetFieldViolations()) == 1 {
			violation = bad.GetFieldViolations()[0]
		}
	}
	if violation == nil || violation.GetField() != "steps[1].edge_kinds[1]" || violation.GetDescription() == "" {
		t.Fatalf("field violation %v, want steps[1].edge_kinds[1] with a description", violation)
	}
}

func TestNotFoundCarriesTheResource(t *testing.T) {
	sampleGraph(t)
	_, err := client.GetNode(bg, "people/nobody")
	var resource *errdetails.ResourceInfo
	for _, d := range details(t, err, codes.NotFound, "NODE_NOT_FOUND") {
		if r, ok := d.(*errdetails.ResourceInfo); ok {
			resource = r
		}
	}
	if resource.GetResourceType() != "node" || resource.GetResourceName() != "people/nobody" {
		t.Fatalf("ResourceInfo %v, want node people/nobody", resource)
	}
	if s, _ := status.FromError(err); s.Message() != `node "people/nobody" not found` {
		t.Fatalf("message %q", s.Message())
	}
}

func TestFailedPreconditionNamesTheFieldInErrorInfo(t *testing.T) {
	sampleGraph(t)
	_, err := client.UpsertEdges(bg,
		edge("people/sato", rg.EdgeKind_EDGE_KIND_ATTENDED, "meetings/hb-404", rg.Stance_STANCE_UNSPECIFIED))
	for _, d := range details(t, err, codes.FailedPrecondition, "FAILED_PRECONDITION") {
		if info, ok := d.(*errdetails.ErrorInfo); ok && info.GetMetadata()["field"] != "edges[0]" {
			t.Fatalf("ErrorInfo metadata %v, want field edges[0]", info.GetMetadata())
		}
	}
}
