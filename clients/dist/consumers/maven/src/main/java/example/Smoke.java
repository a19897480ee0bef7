package example;

import dev.remarkgraph.client.RemarkGraphClient;
import dev.remarkgraph.v1.ListNodesRequest;
import dev.remarkgraph.v1.Node;
import dev.remarkgraph.v1.NodeKind;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;

/**
 * A program of another team that uses the installed remarkgraph-client: writes two people and a
 * body, reads them back through the helpers, checks a NOT_FOUND, and prints {@code ok}.
 *
 * <p>Arguments: TARGET.
 */
public final class Smoke {
  public static void main(String[] args) {
    try (RemarkGraphClient client =
        RemarkGraphClient.builder(args[0]).deadline(Duration.ofSeconds(10)).build()) {
      client.upsertNodes(
          List.of(
              Node.newBuilder().setName("bodies/harbour-board").setTitle("Harbour Board").build(),
              Node.newBuilder().setName("people/ines-okafor").setTitle("Ines Okafor").build(),
              Node.newBuilder().setName("people/tomas-lind").setTitle("Tomas Lind").build()));
      Node body = client.getNode("bodies/harbour-board");
      check(body.getKind() == NodeKind.NODE_KIND_BODY, "kind " + body.getKind());
      check(body.getTitle().equals("Harbour Board"), "title " + body.getTitle());
      List<String> people =
          client
              .listNodes(
                  ListNodesRequest.newBuilder()
                      .setKind(NodeKind.NODE_KIND_PERSON)
                      .setPageSize(1)
                      .build())
              .stream()
              .map(Node::getName)
              .toList();
      check(people.equals(List.of("people/ines-okafor", "people/tomas-lind")), "people " + people);
      try {
        client.getNode("people/nobody");
        check(false, "getNode of a missing person did not fail");
      } catch (StatusRuntimeException e) {
        check(e.getStatus().getCode() == Status.Code.NOT_FOUND, "code " + e.getStatus());
      }
    }
    System.out.println("ok maven dev.remarkgraph:remarkgraph-client");
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }

  private Smoke() {}
}
