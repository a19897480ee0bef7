package remarkgraph

import (
	"context"
	"fmt"
	"iter"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	remarkgraphv1 "remarkgraph.dev/clients/go/remarkgraph/v1"
)

// PagedRequest is a request message with a page_token field.
type PagedRequest interface {
	proto.Message
	GetPageToken() string
}

// PagedResponse is a response message with a next_page_token field.
type PagedResponse interface {
	proto.Message
	GetNextPageToken() string
}

// Pages calls a list method page after page, from req's page token to the
// page whose next_page_token is empty, and yields each response. call is a
// generated client method such as GraphServiceClient.ListNodes. req is
// cloned, never changed. Each call gets its own deadline from the client
// (when ctx has none). A failed call is yielded as the error and ends the
// iteration, as does a page token that comes back a second time.
func Pages[Req PagedRequest, Resp PagedResponse](
	ctx context.Context,
	call func(context.Context, Req, ...grpc.CallOption) (Resp, error),
	req Req,
) iter.Seq2[Resp, error] {
	return func(yield func(Resp, error) bool) {
		page := proto.Clone(req).(Req)
		token := page.ProtoReflect().Descriptor().Fields().ByName("page_token")
		if token == nil || token.Kind() != protoreflect.StringKind {
			var zero Resp
			yield(zero, fmt.Errorf("remarkgraph: %s has no page_token", page.ProtoReflect().Descriptor().FullName()))
			return
		}
		seen := map[string]bool{}
		for {
			response, err := call(ctx, page)
			if err != nil {
				yield(response, err)
				return
			}
			if !yield(response, nil) {
				return
			}
			next := response.GetNextPageToken()
			if next == "" {
				return
			}
			if seen[next] {
				var zero Resp
				yield(zero, fmt.Errorf("remarkgraph: page token %q was returned twice", next))
				return
			}
			seen[next] = true
			page.ProtoReflect().Set(token, protoreflect.ValueOfString(next))
		}
	}
}

// items flattens the pages of a list call into its results.
func items[Req PagedRequest, Resp PagedResponse, Item any](
	ctx context.Context,
	call func(context.Context, Req, ...grpc.CallOption) (Resp, error),
	req Req,
	results func(Resp) []Item,
) iter.Seq2[Item, error] {
	return func(yield func(Item, error) bool) {
		for page, err := range Pages(ctx, call, req) {
			if err != nil {
				var zero Item
				yield(zero, err)
				return
			}
			for _, item := range results(page) {
				if !yield(item, nil) {
					return
				}
			}
		}
	}
}

// Nodes yields every node that ListNodes returns for req, page after page,
// in resource-name order. An error ends the iteration.
func (c *Client) Nodes(ctx context.Context, req *remarkgraphv1.ListNodesRequest) iter.Seq2[*remarkgraphv1.Node, error] {
	return items(ctx, c.Graph.ListNodes, req, (*remarkgraphv1.ListNodesResponse).GetNodes)
}

// Edges yields every edge that ListEdges returns for req, page after page.
func (c *Client) Edges(ctx context.Context, req *remarkgraphv1.ListEdgesRequest) iter.Seq2[*remarkgraphv1.Edge, error] {
	return items(ctx, c.Graph.ListEdges, req, (*remarkgraphv1.ListEdgesResponse).GetEdges)
}

// SearchHits yields every match of SearchRemarks for req, page after page,
// in the order the remarks were stored.
func (c *Client) SearchHits(ctx context.Context, req *remarkgraphv1.SearchRemarksRequest) iter.Seq2[*remarkgraphv1.SearchHit, error] {
	return items(ctx, c.Graph.SearchRemarks, req, (*remarkgraphv1.SearchRemarksResponse).GetHits)
}

// DossierPages yields the GetDossier responses for req, page after page.
func (c *Client) DossierPages(ctx context.Context, req *remarkgraphv1.GetDossierRequest) iter.Seq2[*remarkgraphv1.GetDossierResponse, error] {
	return Pages(ctx, c.Graph.GetDossier, req)
}

// Collect gathers an iterator's values into a slice, stopping at the first
// error.
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var all []T
	for value, err := range seq {
		if err != nil {
			return all, err
		}
		all = append(all, value)
	}
	return all, nil
}
