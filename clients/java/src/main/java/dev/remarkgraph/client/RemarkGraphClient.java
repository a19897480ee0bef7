package dev.remarkgraph.client;

import dev.remarkgraph.v1.BatchGetNodesRequest;
import dev.remarkgraph.v1.DeleteEdgesRequest;
import dev.remarkgraph.v1.DeleteEdgesResponse;
import dev.remarkgraph.v1.DeleteNodesRequest;
import dev.remarkgraph.v1.DeleteNodesResponse;
import dev.remarkgraph.v1.DossierMeeting;
import dev.remarkgraph.v1.Edge;
import dev.remarkgraph.v1.EdgeKey;
import dev.remarkgraph.v1.FindPathsRequest;
import dev.remarkgraph.v1.FindPathsResponse;
import dev.remarkgraph.v1.GetDossierRequest;
import dev.remarkgraph.v1.GetDossierResponse;
import dev.remarkgraph.v1.GetNodeRequest;
import dev.remarkgraph.v1.GraphServiceGrpc;
import dev.remarkgraph.v1.ListEdgesRequest;
import dev.remarkgraph.v1.ListEdgesResponse;
import dev.remarkgraph.v1.ListNodesRequest;
import dev.remarkgraph.v1.ListNodesResponse;
import dev.remarkgraph.v1.Node;
import dev.remarkgraph.v1.QueryStats;
import dev.remarkgraph.v1.SearchHit;
import dev.remarkgraph.v1.SearchRemarksRequest;
import dev.remarkgraph.v1.SearchRemarksResponse;
import dev.remarkgraph.v1.TraversalHit;
import dev.remarkgraph.v1.TraverseRequest;
import dev.remarkgraph.v1.TraverseResponse;
import dev.remarkgraph.v1.UpsertEdgesRequest;
import dev.remarkgraph.v1.UpsertEdgesResponse;
import dev.remarkgraph.v1.UpsertNodesRequest;
import dev.remarkgraph.v1.UpsertNodesResponse;
import dev.remarkgraph.v1.WriteServiceGrpc;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.internal.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A client of GraphService and WriteService over one channel, with a deadline on every call.
 *
 * <p>Failures are thrown as {@link io.grpc.StatusRuntimeException}: its status code is the gRPC
 * code and its description the server's message, which names the offending field ({@code
 * nodes[0].meeting.date}) or resource.
 *
 * <pre>{@code
 * try (RemarkGraphClient client = RemarkGraphClient.connect("localhost:50051")) {
 *   for (Node remark : client.listNodes(ListNodesRequest.newBuilder()
 *       .setKind(NodeKind.NODE_KIND_REMARK).setMeeting("meetings/m-1").build())) {
 *     System.out.println(remark.getName());
 *   }
 * }
 * }</pre>
 */
public final class RemarkGraphClient implements AutoCloseable {
  /** The deadline of each call unless the builder sets another. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

  private final ManagedChannel channel;
  private final boolean ownsChannel;
  private final Duration deadline;
  private final GraphServiceGrpc.GraphServiceBlockingStub graph;
  private final WriteServiceGrpc.WriteServiceBlockingStub write;

  private RemarkGraphClient(ManagedChannel channel, boolean ownsChannel, Duration deadline) {
    this.channel = Objects.requireNonNull(channel);
    this.ownsChannel = ownsChannel;
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive: " + deadline);
    }
    this.deadline = deadline;
    this.graph = GraphServiceGrpc.newBlockingStub(channel);
    this.write = WriteServiceGrpc.newBlockingStub(channel);
  }

  /** A plaintext client of {@code target} ({@code host:port}) with the default deadline. */
  public static RemarkGraphClient connect(String target) {
    return builder(target).build();
  }

  /** Starts a client of {@code target} ({@code host:port}). */
  public static Builder builder(String target) {
    return new Builder(target);
  }

  /**
   * A client on a channel the caller owns: {@link #close()} leaves the channel open.
   *
   * @param deadline the deadline of each call
   */
  public static RemarkGraphClient forChannel(ManagedChannel channel, Duration deadline) {
    return new RemarkGraphClient(channel, false, deadline);
  }

  /** A client on the same channel with another deadline; closing it leaves the channel open. */
  public RemarkGraphClient withDeadline(Duration deadline) {
    return new RemarkGraphClient(channel, false, deadline);
  }

  /** The deadline each call gets. */
  public Duration deadline() {
    return deadline;
  }

  /**
   * The generated GraphService stub with this client's deadline counted from now, for calls the
   * helpers do not cover. Take a fresh one for each call.
   */
  public GraphServiceGrpc.GraphServiceBlockingStub graph() {
    return graph.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The generated WriteService stub with this client's deadline counted from now. */
  public WriteServiceGrpc.WriteServiceBlockingStub write() {
    return write.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  // GraphService.

  /** One node by resource name; NOT_FOUND when there is none. */
  public Node getNode(String name) {
    return graph().getNode(GetNodeRequest.newBuilder().setName(name).build()).getNode();
  }

  /** Several nodes in request order; NOT_FOUND if any is missing. */
  public List<Node> batchGetNodes(Iterable<String> names) {
    return graph()
        .batchGetNodes(BatchGetNodesRequest.newBuilder().addAllNames(names).build())
        .getNodesList();
  }

  /**
   * Every node ListNodes matches, over all pages, in resource-name order. Each page is one call
   * with its own deadline; the request's page token, if any, names the first page.
   */
  public PagedIterable<ListNodesResponse, Node> listNodes(ListNodesRequest request) {
    return new PagedIterable<>(
        request.getPageToken(),
        token -> graph().listNodes(request.toBuilder().setPageToken(token).build()),
        ListNodesResponse::getNodesList,
        ListNodesResponse::getNextPageToken);
  }

  /** Every edge of a node that ListEdges matches, over all pages. */
  public PagedIterable<ListEdgesResponse, Edge> listEdges(ListEdgesRequest request) {
    return new PagedIterable<>(
        request.getPageToken(),
        token -> graph().listEdges(request.toBuilder().setPageToken(token).build()),
        ListEdgesResponse::getEdgesList,
        ListEdgesResponse::getNextPageToken);
  }

  /** Every remark whose text contains the query, over all pages, in the order first stored. */
  public PagedIterable<SearchRemarksResponse, SearchHit> searchRemarks(
      SearchRemarksRequest request) {
    return new PagedIterable<>(
        request.getPageToken(),
        token -> graph().searchRemarks(request.toBuilder().setPageToken(token).build()),
        SearchRemarksResponse::getHitsList,
        SearchRemarksResponse::getNextPageToken);
  }

  /** One page of a dossier. */
  public GetDossierResponse getDossier(GetDossierRequest request) {
    return graph().getDossier(request);
  }

  /**
   * A dossier page by page: {@code pages()} gives each response (subject and totals repeated),
   * iterating gives the meetings of each page. A meeting whose remarks straddle two pages appears
   * at the end of one and the start of the next; {@link #fullDossier} joins them.
   */
  public PagedIterable<GetDossierResponse, DossierMeeting> dossier(GetDossierRequest request) {
    return new PagedIterable<>(
        request.getPageToken(),
        token -> graph().getDossier(request.toBuilder().setPageToken(token).build()),
        GetDossierResponse::getMeetingsList,
        GetDossierResponse::getNextPageToken);
  }

  /**
   * A whole dossier: every page fetched and joined into one response, a meeting split across pages
   * joined again, and an empty page token.
   */
  public GetDossierResponse fullDossier(GetDossierRequest request) {
    GetDossierResponse.Builder whole = null;
    for (GetDossierResponse page : dossier(request).pages()) {
      if (whole == null) {
        whole = page.toBuilder().clearMeetings();
      }
      for (DossierMeeting meeting : page.getMeetingsList()) {
        int last = whole.getMeetingsCount() - 1;
        if (last >= 0
            && whole
                .getMeetings(last)
                .getMeeting()
                .getName()
                .equals(meeting.getMeeting().getName())) {
          whole.getMeetingsBuilder(last).addAllRemarks(meeting.getRemarksList());
        } else {
          whole.addMeetings(meeting);
        }
      }
    }
    return Objects.requireNonNull(whole, "no dossier page").setNextPageToken("").build();
  }

  /**
   * The Traverse stream as the generated stub gives it: hits, then exactly one summary. The
   * deadline covers the whole stream. Read it to the end, or run the call in a {@link
   * Context.CancellableContext} and cancel that, so the call does not linger until its deadline.
   */
  public Iterator<TraverseResponse> traverseStream(TraverseRequest request) {
    return graph().traverse(request);
  }

  /**
   * Hits per message that {@link #traverse} asks of the server unless the request sets its own:
   * far fewer messages than one per hit.
   */
  public static final int HITS_PER_MESSAGE = 256;

  /**
   * A whole traversal: every hit, and the summary that closed the stream. Hits come in batches of
   * {@link #HITS_PER_MESSAGE} unless the request sets {@code hits_per_message} itself.
   */
  public TraversalResult traverse(TraverseRequest request) {
    if (request.getHitsPerMessage() == 0) {
      request = request.toBuilder().setHitsPerMessage(HITS_PER_MESSAGE).build();
    }
    List<TraversalHit> hits = new ArrayList<>();
    QueryStats summary = null;
    Iterator<TraverseResponse> stream = traverseStream(request);
    while (stream.hasNext()) {
      TraverseResponse message = stream.next();
      if (summary != null) {
        throw new IllegalStateException("Traverse: a message arrived after the summary");
      }
      switch (message.getResultCase()) {
        case HIT -> hits.add(message.getHit());
        case HITS -> hits.addAll(message.getHits().getHitsList());
        case SUMMARY -> summary = message.getSummary();
        default -> throw new IllegalStateException("Traverse: an empty message");
      }
    }
    if (summary == null) {
      throw new IllegalStateException("Traverse: the stream ended without a summary");
    }
    return new TraversalResult(hits, summary);
  }

  /** Shortest paths between two nodes; no paths is an empty answer. */
  public FindPathsResponse findPaths(FindPathsRequest request) {
    return graph().findPaths(request);
  }

  // WriteService.

  /** Creates or replaces nodes, atomically. */
  public UpsertNodesResponse upsertNodes(Iterable<Node> nodes) {
    return write().upsertNodes(UpsertNodesRequest.newBuilder().addAllNodes(nodes).build());
  }

  /** Creates or replaces edges between existing nodes, atomically. */
  public UpsertEdgesResponse upsertEdges(Iterable<Edge> edges) {
    return write().upsertEdges(UpsertEdgesRequest.newBuilder().addAllEdges(edges).build());
  }

  /** Deletes edges; missing ones are ignored. */
  public DeleteEdgesResponse deleteEdges(Iterable<EdgeKey> edges) {
    return write().deleteEdges(DeleteEdgesRequest.newBuilder().addAllEdges(edges).build());
  }

  /** Deletes nodes with their edges; NOT_FOUND for a missing one unless {@code allowMissing}. */
  public DeleteNodesResponse deleteNodes(Iterable<String> names, boolean allowMissing) {
    return write()
        .deleteNodes(
            DeleteNodesRequest.newBuilder()
                .addAllNames(names)
                .setAllowMissing(allowMissing)
                .build());
  }

  /** Shuts the channel down if this client made it, waiting up to five seconds for calls. */
  @Override
  public void close() {
    if (!ownsChannel) {
      return;
    }
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The gRPC service config every client applies (clients/service_config.json, packaged
   * with this class): retries of the reads on UNAVAILABLE, and of the idempotent writes also
   * on ABORTED and RESOURCE_EXHAUSTED.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, ?> serviceConfig() {
    try (InputStream in = RemarkGraphClient.class.getResourceAsStream("service_config.json")) {
      if (in == null) {
        throw new IllegalStateException("service_config.json is missing from the package");
      }
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return (Map<String, ?>) JsonParser.parse(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Configures a {@link RemarkGraphClient}. */
  public static final class Builder {
    private final String target;
    private Duration deadline = DEFAULT_DEADLINE;
    private boolean plaintext = true;
    private int maxInboundMessageBytes = 16 << 20;

    private Builder(String target) {
      this.target = Objects.requireNonNull(target);
    }

    /** The deadline of each call (of each page of a listing; of a whole Traverse stream). */
    public Builder deadline(Duration deadline) {
      this.deadline = Objects.requireNonNull(deadline);
      return this;
    }

    /** Connects with TLS instead of plaintext. */
    public Builder useTransportSecurity() {
      this.plaintext = false;
      return this;
    }

    /** The largest response accepted; 16 MiB, the server's default limit, unless set. */
    public Builder maxInboundMessageBytes(int bytes) {
      this.maxInboundMessageBytes = bytes;
      return this;
    }

    /** Makes the client; the channel connects on the first call. */
    public RemarkGraphClient build() {
      ManagedChannelBuilder<?> builder =
          ManagedChannelBuilder.forTarget(target)
              .maxInboundMessageSize(maxInboundMessageBytes)
              .defaultServiceConfig(serviceConfig())
              .enableRetry();
      if (plaintext) {
        builder.usePlaintext();
      } else {
        builder.useTransportSecurity();
      }
      return new RemarkGraphClient(builder.build(), true, deadline);
    }
  }
}
