package dev.remarkgraph.client;

import static dev.remarkgraph.client.TestGraph.DECISION;
import static dev.remarkgraph.client.TestGraph.FIRST;
import static dev.remarkgraph.client.TestGraph.ITO;
import static dev.remarkgraph.client.TestGraph.MATTER;
import static dev.remarkgraph.client.TestGraph.REPORT;
import static dev.remarkgraph.client.TestGraph.ROUTINE;
import static dev.remarkgraph.client.TestGraph.ROUTINE_REMARKS;
import static dev.remarkgraph.client.TestGraph.SATO;
import static dev.remarkgraph.client.TestGraph.SECOND;
import static dev.remarkgraph.client.TestGraph.remark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.remarkgraph.examples.DossierExample;
import dev.remarkgraph.v1.Direction;
import dev.remarkgraph.v1.DossierRemark;
import dev.remarkgraph.v1.Edge;
import dev.remarkgraph.v1.EdgeKind;
import dev.remarkgraph.v1.GetDossierRequest;
import dev.remarkgraph.v1.GetDossierResponse;
import dev.remarkgraph.v1.ListEdgesRequest;
import dev.remarkgraph.v1.ListNodesRequest;
import dev.remarkgraph.v1.ListNodesResponse;
import dev.remarkgraph.v1.MeetingDetails;
import dev.remarkgraph.v1.Node;
import dev.remarkgraph.v1.NodeKind;
import dev.remarkgraph.v1.SearchHit;
import dev.remarkgraph.v1.SearchRemarksRequest;
import dev.remarkgraph.v1.Stance;
import dev.remarkgraph.v1.StanceCount;
import dev.remarkgraph.v1.TraversalHit;
import dev.remarkgraph.v1.TraversalStep;
import dev.remarkgraph.v1.TraverseRequest;
import dev.remarkgraph.v1.TraverseResponse;
import dev.remarkgraph.v1.TruncationReason;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.function.Executable;

/** The client against a real remarkgraphd; the REMARKGRAPHD environment variable names it. */
@EnabledIfEnvironmentVariable(
    named = "REMARKGRAPHD",
    matches = ".+",
    disabledReason = "REMARKGRAPHD does not name a remarkgraphd binary")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemarkGraphClientTest {
  private ServerProcess server;
  private RemarkGraphClient client;

  @BeforeAll
  void startServerAndWriteGraph() throws Exception {
    server = ServerProcess.start(Path.of(System.getenv("REMARKGRAPHD")));
    client = RemarkGraphClient.builder(server.target()).deadline(Duration.ofSeconds(10)).build();
    assertEquals(TestGraph.nodes().size(), client.upsertNodes(TestGraph.nodes()).getCreated());
    assertEquals(TestGraph.edges().size(), client.upsertEdges(TestGraph.edges()).getCreated());
  }

  @AfterAll
  void stopServer() throws Exception {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      assertEquals(0, server.stop(), () -> "remarkgraphd should exit cleanly:\n" + server.log());
    }
  }

  private static List<String> names(List<Node> nodes) {
    return nodes.stream().map(Node::getName).toList();
  }

  private static List<List<String>> remarkNames(GetDossierResponse dossier) {
    return dossier.getMeetingsList().stream()
        .map(m -> m.getRemarksList().stream().map(r -> r.getRemark().getName()).toList())
        .toList();
  }

  private static Map<Stance, Long> stanceCounts(GetDossierResponse dossier) {
    return dossier.getStancesList().stream()
        .collect(Collectors.toMap(StanceCount::getStance, StanceCount::getCount));
  }

  private static List<String> remarks(String meeting, int... ordinals) {
    return IntStream.of(ordinals).mapToObj(o -> remark(meeting, o)).toList();
  }

  /** Asserts the call fails with {@code code} and a message naming each of {@code mentions}. */
  private static void assertStatus(Status.Code code, Executable call, String... mentions) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
    assertEquals(code, e.getStatus().getCode(), e::getMessage);
    String description = String.valueOf(e.getStatus().getDescription());
    for (String mention : mentions) {
      assertTrue(description.contains(mention), () -> description + " should name " + mention);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void shipsTheServiceConfigThatRetriesReadsButNotDeletes() {
    List<Map<String, ?>> methods =
        (List<Map<String, ?>>) RemarkGraphClient.serviceConfig().get("methodConfig");
    Map<String, ?> reads = null;
    boolean deleteRetried = false;
    for (Map<String, ?> method : methods) {
      for (Map<String, ?> name : (List<Map<String, ?>>) method.get("name")) {
        if ("remarkgraph.v1.GraphService".equals(name.get("service"))) {
          reads = method;
        }
        if ("DeleteNodes".equals(name.get("method"))) {
          deleteRetried = true;
        }
      }
    }
    assertTrue(reads != null);
    assertEquals(
        List.of("UNAVAILABLE", "RESOURCE_EXHAUSTED"),
        ((Map<String, ?>) reads.get("retryPolicy")).get("retryableStatusCodes"));
    assertFalse(deleteRetried);
  }

  @Test
  void readsBackNodesWithTheirTypedFields() {
    Node decision = client.getNode(DECISION);
    assertEquals(NodeKind.NODE_KIND_ITEM, decision.getKind());
    assertEquals("Winter ferry timetable (draft)", decision.getTitle());
    assertTrue(decision.hasItem());
    List<Node> batch = client.batchGetNodes(List.of(SATO, SECOND));
    assertEquals(List.of("Chair"), batch.get(0).getPerson().getTitlesList());
    assertEquals("2024-04-09", batch.get(1).getMeeting().getDate());
  }

  @Test
  void groupsADecisionsDossierByMeetingNewestFirstWithStanceCounts() {
    GetDossierResponse dossier =
        client.getDossier(GetDossierRequest.newBuilder().setName(DECISION).build());
    assertEquals(DECISION, dossier.getSubject().getName());
    assertEquals(List.of(MATTER), names(dossier.getRelatedList()));
    assertEquals(
        List.of(SECOND, FIRST),
        dossier.getMeetingsList().stream().map(m -> m.getMeeting().getName()).toList());
    assertEquals(List.of(remarks(SECOND, 1), remarks(FIRST, 1, 2, 5)), remarkNames(dossier));
    assertEquals(4, dossier.getTotalRemarks());
    assertEquals(2, dossier.getTotalMeetings());
    assertEquals(
        Map.of(
            Stance.STANCE_UNSPECIFIED, 1L, // the adopting remark states none
            Stance.STANCE_SUPPORT, 2L,
            Stance.STANCE_CONCERN, 1L),
        stanceCounts(dossier));
    DossierRemark adopting = dossier.getMeetings(1).getRemarks(2);
    assertEquals(SATO, adopting.getSpeaker());
    assertEquals("Sato Rin", adopting.getSpeakerTitle());
    assertEquals(
        List.of(EdgeKind.EDGE_KIND_ADOPTS),
        adopting.getLinksList().stream().map(Edge::getKind).toList());
    assertEquals("", dossier.getNextPageToken());
  }

  @Test
  void pagesAMattersDossierAndJoinsThePagesAgain() {
    GetDossierRequest request =
        GetDossierRequest.newBuilder().setName(MATTER).setPageSize(2).build();
    List<GetDossierResponse> pages = new ArrayList<>();
    client.dossier(request).pages().forEach(pages::add);
    assertEquals(3, pages.size());
    for (GetDossierResponse page : pages) {
      assertEquals(5, page.getTotalRemarks());
      assertEquals(2, page.getTotalMeetings());
    }
    // Page by page, the first meeting's remarks straddle the last two pages.
    assertEquals(
        List.of(SECOND, FIRST, FIRST),
        client.dossier(request).stream().map(m -> m.getMeeting().getName()).toList());

    GetDossierResponse whole = client.fullDossier(request);
    GetDossierResponse single = client.getDossier(request.toBuilder().setPageSize(1000).build());
    assertEquals(remarkNames(single), remarkNames(whole));
    assertEquals(List.of(remarks(SECOND, 1, 2), remarks(FIRST, 1, 2, 5)), remarkNames(whole));
    assertEquals(
        Map.of(Stance.STANCE_UNSPECIFIED, 1L, Stance.STANCE_SUPPORT, 2L, Stance.STANCE_CONCERN, 2L),
        stanceCounts(whole));
    // The unresolved speaker keeps the label printed in the minutes.
    DossierRemark unresolved = whole.getMeetings(0).getRemarks(1);
    assertEquals("", unresolved.getSpeaker());
    assertEquals("Member Noda", unresolved.getSpeakerTitle());
  }

  @Test
  void listsNodesToTheEndWithoutGapsOrRepeats() {
    ListNodesRequest request =
        ListNodesRequest.newBuilder()
            .setKind(NodeKind.NODE_KIND_REMARK)
            .setMeeting(ROUTINE)
            .setPageSize(4)
            .build();
    PagedIterable<ListNodesResponse, Node> listing = client.listNodes(request);
    int pages = 0;
    for (ListNodesResponse page : listing.pages()) {
      pages++;
      assertTrue(page.getNodesCount() <= 4);
    }
    assertEquals(6, pages);
    List<String> paged = names(listing.toList());
    assertEquals(ROUTINE_REMARKS, paged.size());
    assertEquals(paged.size(), new HashSet<>(paged).size());
    List<String> expected =
        IntStream.rangeClosed(1, ROUTINE_REMARKS)
            .mapToObj(o -> remark(ROUTINE, o))
            .sorted()
            .toList();
    assertEquals(expected, paged);
    ListNodesResponse onePage =
        client.graph().listNodes(request.toBuilder().setPageSize(1000).build());
    assertEquals(paged, names(onePage.getNodesList()));
    assertEquals("", onePage.getNextPageToken());
    assertEquals(3, client.listNodes(request).stream().limit(3).count());
  }

  @Test
  void pagesEdgesAndSearchHits() {
    ListEdgesRequest incoming =
        ListEdgesRequest.newBuilder()
            .setName(DECISION)
            .setDirection(Direction.DIRECTION_INCOMING)
            .setPageSize(2)
            .build();
    List<Edge> edges = client.listEdges(incoming).toList();
    assertEquals(5, edges.size()); // HAS_ITEM, three REFERENCES, ADOPTS
    Set<String> keys = new HashSet<>();
    for (Edge edge : edges) {
      assertTrue(keys.add(edge.getSource() + " " + edge.getKind()), edge::toString);
    }
    assertEquals(
        client.graph().listEdges(incoming.toBuilder().setPageSize(1000).build()).getEdgesList(),
        edges);

    List<SearchHit> hits =
        client
            .searchRemarks(
                SearchRemarksRequest.newBuilder().setQuery("TIMETABLE").setPageSize(1).build())
            .toList();
    assertEquals(
        List.of(remark(FIRST, 1), remark(FIRST, 3), remark(FIRST, 4), remark(SECOND, 1)),
        hits.stream().map(h -> h.getRemark().getName()).toList());
    for (SearchHit hit : hits) {
      assertTrue(hit.getSnippet().toLowerCase().contains("timetable"), hit::getSnippet);
    }
  }

  @Test
  void streamsATraversalThatEndsWithOneSummary() {
    TraverseRequest request =
        TraverseRequest.newBuilder()
            .addSeeds(ITO)
            .addSteps(
                TraversalStep.newBuilder()
                    .setDirection(Direction.DIRECTION_INCOMING)
                    .addEdgeKinds(EdgeKind.EDGE_KIND_SPOKEN_BY))
            .addSteps(
                TraversalStep.newBuilder()
                    .setDirection(Direction.DIRECTION_OUTGOING)
                    .addEdgeKinds(EdgeKind.EDGE_KIND_REFERENCES))
            .build();
    List<TraverseResponse> messages = new ArrayList<>();
    Iterator<TraverseResponse> stream = client.traverseStream(request);
    stream.forEachRemaining(messages::add);
    assertEquals(
        TraverseResponse.ResultCase.SUMMARY, messages.get(messages.size() - 1).getResultCase());
    assertEquals(
        1,
        messages.stream()
            .filter(m -> m.getResultCase() == TraverseResponse.ResultCase.SUMMARY)
            .count());

    List<TraversalHit> hits = client.traverse(request).hits();
    List<String> reached = hits.stream().map(h -> h.getNode().getName()).toList();
    assertEquals(reached.size(), new HashSet<>(reached).size());
    Set<String> depthOne = new HashSet<>(List.of(remark(FIRST, 1), remark(SECOND, 1)));
    for (int ordinal = 1; ordinal <= ROUTINE_REMARKS; ordinal += 3) {
      depthOne.add(remark(ROUTINE, ordinal));
    }
    assertEquals(
        depthOne,
        hits.stream()
            .filter(h -> h.getDepth() == 1)
            .map(h -> h.getNode().getName())
            .collect(Collectors.toSet()));
    assertEquals(
        List.of(DECISION),
        hits.stream().filter(h -> h.getDepth() == 2).map(h -> h.getNode().getName()).toList());
    List<Integer> depths = hits.stream().map(TraversalHit::getDepth).toList();
    assertEquals(depths.stream().sorted().toList(), depths);

    TraversalResult chain =
        client.traverse(
            TraverseRequest.newBuilder()
                .addSeeds(remark(FIRST, 4))
                .addSteps(
                    TraversalStep.newBuilder()
                        .setDirection(Direction.DIRECTION_OUTGOING)
                        .addEdgeKinds(EdgeKind.EDGE_KIND_REPLIES_TO))
                .setRepeatLastStep(true)
                .setIncludeSeeds(true)
                .build());
    assertEquals(
        List.of(remark(FIRST, 4) + "@0", remark(FIRST, 3) + "@1"),
        chain.hits().stream().map(h -> h.getNode().getName() + "@" + h.getDepth()).toList());
    assertFalse(chain.summary().getTruncated());
    assertEquals(
        TruncationReason.TRUNCATION_REASON_UNSPECIFIED, chain.summary().getTruncationReason());
  }

  @Test
  void runsTheExample() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DossierExample.show(client, MATTER, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals("Ferry timetable (matters/ferry-timetable)", lines.get(0));
    assertEquals("5 remarks in 2 meetings; stances: none 1, support 2, concern 2", lines.get(1));
    assertTrue(lines.contains("2024-04-09 Harbour Board, 2nd meeting"), lines::toString);
    assertTrue(lines.contains("  " + remark(SECOND, 2) + "  Member Noda"), lines::toString);
  }

  @Test
  void answersInvalidArgumentNamingTheField() {
    assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.getNode(""), "name");
    assertStatus(
        Status.Code.INVALID_ARGUMENT,
        () -> client.graph().listNodes(ListNodesRequest.getDefaultInstance()),
        "kind");
    assertStatus(
        Status.Code.INVALID_ARGUMENT,
        () ->
            client
                .graph()
                .listNodes(
                    ListNodesRequest.newBuilder()
                        .setKind(NodeKind.NODE_KIND_PERSON)
                        .setPageSize(-1)
                        .build()),
        "page_size");
    Node badDate =
        Node.newBuilder()
            .setName("meetings/hb-9")
            .setMeeting(MeetingDetails.newBuilder().setDate("2024-02-30"))
            .build();
    assertStatus(
        Status.Code.INVALID_ARGUMENT,
        () -> client.upsertNodes(List.of(badDate)),
        "nodes[0].meeting.date");
    assertStatus(Status.Code.NOT_FOUND, () -> client.getNode("meetings/hb-9"));
  }

  @Test
  void answersNotFoundNamingTheMissingNode() {
    assertStatus(Status.Code.NOT_FOUND, () -> client.getNode("people/nobody"), "people/nobody");
    assertStatus(
        Status.Code.NOT_FOUND,
        () -> client.batchGetNodes(List.of(ITO, "people/nobody")),
        "people/nobody");
    assertStatus(
        Status.Code.NOT_FOUND,
        () -> client.getDossier(GetDossierRequest.newBuilder().setName("matters/none").build()),
        "matters/none");
  }

  @Test
  void answersFailedPreconditionForAnEdgeToAMissingNodeStoringNothing() {
    ListEdgesRequest outgoing = ListEdgesRequest.newBuilder().setName(remark(SECOND, 1)).build();
    List<Edge> before = client.listEdges(outgoing).toList();
    assertStatus(
        Status.Code.FAILED_PRECONDITION,
        () ->
            client.upsertEdges(
                List.of(
                    TestGraph.edge(
                        remark(SECOND, 1), EdgeKind.EDGE_KIND_CITES, "documents/handout-1"),
                    TestGraph.edge(remark(SECOND, 1), EdgeKind.EDGE_KIND_REFERENCES, REPORT))),
        "documents/handout-1");
    assertEquals(before, client.listEdges(outgoing).toList());
  }

  @Test
  void failsWithDeadlineExceededWhenTheDeadlineIsTooShort() {
    RemarkGraphClient hurried = client.withDeadline(Duration.ofNanos(1));
    assertStatus(Status.Code.DEADLINE_EXCEEDED, () -> hurried.getNode(ITO));
  }
}
