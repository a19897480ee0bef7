// Command dossier prints who said what about a decision, report or matter,
// then every meeting.
//
//	dossier [--target HOST:PORT] [--page-size N] SUBJECT
//
// SUBJECT is an item (meetings/hb-1/items/d1) or a matter
// (matters/north-quay). The server defaults to $REMARKGRAPH_SERVER, else
// localhost:50051. Both listings are fetched --page-size at a time, to show
// the page iterators at work.
package main

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"time"
	"unicode"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"remarkgraph.dev/clients/go/remarkgraph"
	rg "remarkgraph.dev/clients/go/remarkgraph/v1"
)

func main() {
	target := flag.String("target", defaultTarget(), "server address, host:port")
	pageSize := flag.Int("page-size", 0, "results per call (0: the server's default)")
	timeout := flag.Duration("timeout", 10*time.Second, "deadline of each call")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: dossier [flags] SUBJECT")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(context.Background(), *target, flag.Arg(0), int32(*pageSize), *timeout); err != nil {
		if s, ok := status.FromError(err); ok {
			fmt.Fprintf(os.Stderr, "%s: %s\n", codeName(s.Code()), s.Message())
		} else {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(1)
	}
}

func defaultTarget() string {
	if target := os.Getenv("REMARKGRAPH_SERVER"); target != "" {
		return target
	}
	return "localhost:50051"
}

func run(ctx context.Context, target, subject string, pageSize int32, timeout time.Duration) error {
	client, err := remarkgraph.New(target, remarkgraph.WithTimeout(timeout))
	if err != nil {
		return err
	}
	defer client.Close()

	dossier, err := client.Dossier(ctx, subject, pageSize)
	if err != nil {
		return err
	}
	fmt.Printf("%s (%s): %s in %s\n", dossier.Title, dossier.Subject,
		count(dossier.TotalRemarks, "remark"), count(dossier.TotalMeetings, "meeting"))
	var stances []string
	for _, stance := range slices.Sorted(maps.Keys(dossier.StanceCounts)) {
		stances = append(stances, fmt.Sprintf("%s %d", remarkgraph.StanceName(stance), dossier.StanceCounts[stance]))
	}
	fmt.Printf("  stances: %s\n", strings.Join(stances, ", "))
	if len(dossier.Related) > 0 {
		fmt.Printf("  related: %s\n", strings.Join(dossier.Related, ", "))
	}
	for _, meeting := range dossier.Meetings {
		date := meeting.Date
		if date == "" {
			date = "(no date)"
		}
		fmt.Printf("  %s %s (%s)\n", date, meeting.Title, meeting.Name)
		for _, remark := range meeting.Remarks {
			var how []string
			for _, link := range remark.Links {
				if link.Kind == rg.EdgeKind_EDGE_KIND_REFERENCES {
					how = append(how, remarkgraph.StanceName(link.Stance))
				} else {
					how = append(how, strings.ToLower(remarkgraph.EdgeKindName(link.Kind)))
				}
			}
			fmt.Printf("    %d. %s [%s]: %s\n", remark.Ordinal, remark.SpeakerTitle, strings.Join(how, ", "), remark.Text)
		}
	}

	fmt.Println("Meetings:")
	for node, err := range client.Nodes(ctx, &rg.ListNodesRequest{Kind: rg.NodeKind_NODE_KIND_MEETING, PageSize: pageSize}) {
		if err != nil {
			return err
		}
		date := node.GetMeeting().GetDate()
		if date == "" {
			date = "-"
		}
		fmt.Printf("%s  %s  %s\n", node.GetName(), date, node.GetTitle())
	}
	return nil
}

// count is "1 remark", "2 remarks".
func count(n int64, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// codeName spells a status code as the protocol does: INVALID_ARGUMENT.
func codeName(code codes.Code) string {
	var name strings.Builder
	for i, r := range code.String() {
		if i > 0 && unicode.IsUpper(r) {
			name.WriteByte('_')
		}
		name.WriteRune(unicode.ToUpper(r))
	}
	return name.String()
}
