// A program of another team that uses the remarkgraph Go module, fetched
// with `go get` from a module proxy folder: writes two people and a body,
// reads them back through the helpers, checks a NOT_FOUND, prints ok.
//
//	go run . TARGET
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"slices"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"remarkgraph.dev/clients/go/remarkgraph"
	rg "remarkgraph.dev/clients/go/remarkgraph/v1"
)

func main() {
	client, err := remarkgraph.New(os.Args[1], remarkgraph.WithTimeout(10*time.Second))
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	ctx := context.Background()
	_, err = client.UpsertNodes(ctx,
		&rg.Node{Name: "bodies/harbour-board", Title: "Harbour Board"},
		&rg.Node{Name: "people/ines-okafor", Title: "Ines Okafor"},
		&rg.Node{Name: "people/tomas-lind", Title: "Tomas Lind"})
	if err != nil {
		log.Fatal(err)
	}
	body, err := client.GetNode(ctx, "bodies/harbour-board")
	if err != nil || body.GetKind() != rg.NodeKind_NODE_KIND_BODY || body.GetTitle() != "Harbour Board" {
		log.Fatalf("GetNode: %v, %v", body, err)
	}
	people, err := remarkgraph.Collect(client.Nodes(ctx, &rg.ListNodesRequest{Kind: rg.NodeKind_NODE_KIND_PERSON, PageSize: 1}))
	if err != nil {
		log.Fatal(err)
	}
	var names []string
	for _, person := range people {
		names = append(names, person.GetName())
	}
	if !slices.Equal(names, []string{"people/ines-okafor", "people/tomas-lind"}) {
		log.Fatalf("people: %v", names)
	}
	if _, err := client.GetNode(ctx, "people/nobody"); status.Code(err) != codes.NotFound {
		log.Fatalf("GetNode of a missing person: %v", err)
	}
	fmt.Println("ok go remarkgraph.dev/clients/go")
}
