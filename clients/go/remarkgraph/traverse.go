package remarkgraph

import (
	"context"
	"errors"
	"io"

	"google.golang.org/protobuf/proto"

	remarkgraphv1 "remarkgraph.dev/clients/go/remarkgraph/v1"
)

// ErrNoSummary reports a Traverse stream that ended without its closing
// summary, or went on after it.
var ErrNoSummary = errors.New("remarkgraph: the Traverse stream did not end with exactly one summary")

// Traversal is what a Traverse call streamed.
type Traversal struct {
	// Hits are the nodes reached, each once, by depth then discovery.
	Hits []*remarkgraphv1.TraversalHit
	// Summary holds the query's statistics and, if a budget cut the walk,
	// the reason.
	Summary *remarkgraphv1.QueryStats
}

// Names returns the resource names of the nodes reached, in order.
func (t *Traversal) Names() []string {
	names := make([]string, len(t.Hits))
	for i, hit := range t.Hits {
		names[i] = hit.GetNode().GetName()
	}
	return names
}

// HitsPerMessage is what Traverse asks of the server unless the request
// sets HitsPerMessage itself: far fewer messages than one per hit.
const HitsPerMessage = 256

// Traverse runs a traversal and collects its stream. Hits come in batches
// of HitsPerMessage unless req sets its own. It returns ErrNoSummary if the
// stream does not end with exactly one summary.
func (c *Client) Traverse(ctx context.Context, req *remarkgraphv1.TraverseRequest) (*Traversal, error) {
	if req.GetHitsPerMessage() == 0 {
		batched := proto.Clone(req).(*remarkgraphv1.TraverseRequest)
		batched.HitsPerMessage = HitsPerMessage
		req = batched
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := c.Graph.Traverse(ctx, req)
	if err != nil {
		return nil, err
	}
	result := &Traversal{}
	for {
		message, err := stream.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if result.Summary != nil {
			return nil, ErrNoSummary
		}
		switch r := message.GetResult().(type) {
		case *remarkgraphv1.TraverseResponse_Hit:
			result.Hits = append(result.Hits, r.Hit)
		case *remarkgraphv1.TraverseResponse_Hits:
			result.Hits = append(result.Hits, r.Hits.GetHits()...)
		case *remarkgraphv1.TraverseResponse_Summary:
			result.Summary = r.Summary
		}
	}
	if result.Summary == nil {
		return nil, ErrNoSummary
	}
	return result, nil
}
