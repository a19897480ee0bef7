// Package remarkgraph is a Go client for remarkgraph, a graph of meetings,
// decisions, remarks and people served over gRPC.
//
// The generated messages and service clients are in package remarkgraphv1
// (remarkgraph.dev/clients/go/remarkgraph/v1). This package adds a [Client]
// that gives every call a default deadline, iterators over every page of the
// listings (ListNodes, ListEdges, SearchRemarks, GetDossier), a dossier
// merged from its pages into plain structs, and a traversal collected from
// its stream.
//
//	client, err := remarkgraph.New("127.0.0.1:50051", remarkgraph.WithTimeout(5*time.Second))
//	if err != nil { ... }
//	defer client.Close()
//	for node, err := range client.Nodes(ctx, &remarkgraphv1.ListNodesRequest{Kind: remarkgraphv1.NodeKind_NODE_KIND_MEETING}) {
//		if err != nil { ... }
//		fmt.Println(node.GetName(), node.GetTitle())
//	}
package remarkgraph

import (
	"context"
	_ "embed" // The service config.
	"fmt"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	remarkgraphv1 "remarkgraph.dev/clients/go/remarkgraph/v1"
)

// DefaultTimeout is how long a call may take when neither the client's
// options nor the call's context set a deadline.
const DefaultTimeout = 10 * time.Second

// MaxMessageBytes is the largest response a [Client] receives: the
// server's default --max_message_mb (gRPC's own default is 4 MiB).
const MaxMessageBytes = 16 << 20

// ServiceConfig is the gRPC service config [New] applies: retries of the
// reads on UNAVAILABLE, and of the idempotent writes also on ABORTED and
// RESOURCE_EXHAUSTED (a copy of clients/service_config.json, the one file
// every language's client ships).
//
//go:embed service_config.json
var ServiceConfig string

// Client is a connection to a remarkgraph server with the generated
// GraphService and WriteService clients over it. Every call made through
// them, directly or through the helpers, gets the client's timeout as its
// deadline unless its context already has one. A Client is safe for
// concurrent use.
type Client struct {
	// Graph is the generated GraphService client.
	Graph remarkgraphv1.GraphServiceClient
	// Write is the generated WriteService client.
	Write remarkgraphv1.WriteServiceClient

	conn    *grpc.ClientConn
	timeout time.Duration
}

type options struct {
	timeout     time.Duration
	dialOptions []grpc.DialOption
}

// An Option configures [New].
type Option func(*options)

// WithTimeout sets the deadline of calls whose context has none; zero or
// negative keeps [DefaultTimeout].
func WithTimeout(timeout time.Duration) Option {
	return func(o *options) {
		if timeout > 0 {
			o.timeout = timeout
		}
	}
}

// WithDialOptions adds gRPC dial options, such as transport credentials
// (the default is an insecure connection).
func WithDialOptions(dialOptions ...grpc.DialOption) Option {
	return func(o *options) { o.dialOptions = append(o.dialOptions, dialOptions...) }
}

// New makes a client of the server at target (host:port, or any gRPC target
// string). It does not connect until the first call.
func New(target string, opts ...Option) (*Client, error) {
	o := options{timeout: DefaultTimeout}
	for _, opt := range opts {
		opt(&o)
	}
	dialOptions := []grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultServiceConfig(ServiceConfig),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(MaxMessageBytes)),
		grpc.WithChainUnaryInterceptor(UnaryTimeout(o.timeout)),
		grpc.WithChainStreamInterceptor(StreamTimeout(o.timeout)),
	}
	dialOptions = append(dialOptions, o.dialOptions...)
	conn, err := grpc.NewClient(target, dialOptions...)
	if err != nil {
		return nil, fmt.Errorf("remarkgraph: client of %q: %w", target, err)
	}
	return &Client{
		Graph:   remarkgraphv1.NewGraphServiceClient(conn),
		Write:   remarkgraphv1.NewWriteServiceClient(conn),
		conn:    conn,
		timeout: o.timeout,
	}, nil
}

// Conn returns the underlying connection, for other services on it.
func (c *Client) Conn() *grpc.ClientConn { return c.conn }

// Timeout returns the deadline given to calls whose context has none.
func (c *Client) Timeout() time.Duration { return c.timeout }

// Close closes the connection; calls in flight are cancelled.
func (c *Client) Close() error { return c.conn.Close() }

// GetNode returns the node called name; the error has code NOT_FOUND if
// there is none.
func (c *Client) GetNode(ctx context.Context, name string) (*remarkgraphv1.Node, error) {
	response, err := c.Graph.GetNode(ctx, &remarkgraphv1.GetNodeRequest{Name: name})
	if err != nil {
		return nil, err
	}
	return response.GetNode(), nil
}

// UpsertNodes creates or replaces nodes (at most 1000, distinct names) in
// one atomic write.
func (c *Client) UpsertNodes(ctx context.Context, nodes ...*remarkgraphv1.Node) (*remarkgraphv1.UpsertNodesResponse, error) {
	return c.Write.UpsertNodes(ctx, &remarkgraphv1.UpsertNodesRequest{Nodes: nodes})
}

// UpsertEdges creates or replaces edges between existing nodes in one
// atomic write; the error has code FAILED_PRECONDITION if an endpoint does
// not exist.
func (c *Client) UpsertEdges(ctx context.Context, edges ...*remarkgraphv1.Edge) (*remarkgraphv1.UpsertEdgesResponse, error) {
	return c.Write.UpsertEdges(ctx, &remarkgraphv1.UpsertEdgesRequest{Edges: edges})
}
