import {
  type CallOptions,
  type ChannelCredentials,
  type ClientOptions,
  type ClientReadableStream,
  type ClientUnaryCall,
  credentials as grpcCredentials,
  type Interceptor,
  InterceptingCall,
  Metadata,
  type ServiceError,
} from "@grpc/grpc-js";

import {
  type DeepPartial,
  Edge,
  type Node,
  type QueryStats,
} from "../gen/remarkgraph/v1/resources.js";
import {
  BatchGetNodesRequest,
  FindPathsRequest,
  type FindPathsResponse,
  GetDossierRequest,
  type GetDossierResponse,
  GetNodeRequest,
  GraphServiceClient,
  ListEdgesRequest,
  type ListEdgesResponse,
  ListNodesRequest,
  type ListNodesResponse,
  type SearchHit,
  SearchRemarksRequest,
  type SearchRemarksResponse,
  type TraversalHit,
  TraverseRequest,
  type TraverseResponse,
} from "../gen/remarkgraph/v1/graph_service.js";
import {
  DeleteEdgesRequest,
  type DeleteEdgesResponse,
  DeleteNodesRequest,
  type DeleteNodesResponse,
  type EdgeKey,
  UpsertEdgesRequest,
  type UpsertEdgesResponse,
  UpsertNodesRequest,
  type UpsertNodesResponse,
  WriteServiceClient,
} from "../gen/remarkgraph/v1/write_service.js";
import { paginate, pages } from "./paging.js";
import { SERVICE_CONFIG } from "../gen/service_config.js";

/** The deadline of a call when neither the client nor the call sets one. */
export const DEFAULT_DEADLINE_MS = 10_000;

/**
 * A client interceptor that gives every call without a deadline one of
 * `deadlineMs` from its start. The {@link RemarkGraphClient} installs it, so
 * calls made straight on its generated stubs get the default deadline too.
 */
export function defaultDeadline(deadlineMs: number): Interceptor {
  return (options, nextCall) =>
    new InterceptingCall(
      nextCall(
        options.deadline === undefined
          ? { ...options, deadline: new Date(Date.now() + deadlineMs) }
          : options,
      ),
    );
}

/**
 * The largest response a client receives: the server's default
 * --max_message_mb (gRPC's own default is 4 MiB).
 */
export const MAX_MESSAGE_BYTES = 16 << 20;

export { SERVICE_CONFIG };

/** How a {@link RemarkGraphClient} connects and what it defaults to. */
export interface RemarkGraphClientOptions {
  /**
   * Deadline of each call, in milliseconds: of each page of a listing, and of
   * a whole Traverse stream; calls made straight on the generated stubs get
   * it too. Defaults to {@link DEFAULT_DEADLINE_MS}.
   */
  readonly deadlineMs?: number;
  /** Channel credentials; plaintext when unset. */
  readonly credentials?: ChannelCredentials;
  /**
   * Client options passed to @grpc/grpc-js (message sizes, keepalive...),
   * over the defaults: the service config {@link SERVICE_CONFIG} (retries)
   * and a receive limit of {@link MAX_MESSAGE_BYTES}. Interceptors given
   * here run after the default-deadline one.
   */
  readonly channelOptions?: Partial<ClientOptions>;
}

/** Per-call settings; each overrides the client's default. */
export interface CallSettings {
  /** This call's deadline, in milliseconds from now. */
  readonly deadlineMs?: number;
  /** Request metadata. */
  readonly metadata?: Metadata;
}

/**
 * Hits per message that traverseAll asks of the server unless the request
 * sets its own: far fewer messages than one per hit.
 */
export const HITS_PER_MESSAGE = 256;

/** A whole Traverse stream: every hit, then the closing summary. */
export interface TraversalResult {
  readonly hits: TraversalHit[];
  readonly summary: QueryStats;
}

/** Requests of the paging helpers: any page token given is the first one. */
type PagedRequest<T> = DeepPartial<T>;

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

/**
 * A client of GraphService and WriteService over one channel. Requests are
 * taken as partial messages (unset fields keep their proto defaults); every
 * call carries a deadline. Failures reject with the @grpc/grpc-js
 * `ServiceError`, whose `code` is the gRPC status and whose `details` is the
 * server's message (it names the offending field or resource).
 */
export class RemarkGraphClient {
  /**
   * The generated GraphService stub, for calls the helpers do not cover;
   * its calls get the client's default deadline unless they set one.
   */
  readonly graph: GraphServiceClient;
  /** The generated WriteService stub, on the same channel. */
  readonly write: WriteServiceClient;
  private readonly deadlineMs: number;

  /** Connects (lazily) to `address`, such as `localhost:50051`. */
  constructor(address: string, options: RemarkGraphClientOptions = {}) {
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    if (!(this.deadlineMs >= 0))
      throw new RangeError(`deadlineMs must be >= 0: ${this.deadlineMs}`);
    const channelCredentials = options.credentials ?? grpcCredentials.createInsecure();
    const clientOptions: Partial<ClientOptions> = {
      "grpc.service_config": SERVICE_CONFIG,
      "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
      ...options.channelOptions,
      interceptors: [
        defaultDeadline(this.deadlineMs),
        ...(options.channelOptions?.interceptors ?? []),
      ],
    };
    this.graph = new GraphServiceClient(address, channelCredentials, clientOptions);
    this.write = new WriteServiceClient(address, channelCredentials, {
      ...clientOptions,
      channelOverride: this.graph.getChannel(),
    });
  }

  /** Closes the channel; calls in flight fail with CANCELLED. */
  close(): void {
    this.graph.close();
  }

  /** Resolves once the channel is connected, or rejects at the deadline. */
  waitForReady(settings: CallSettings = {}): Promise<void> {
    return new Promise((resolve, reject) => {
      this.graph.waitForReady(this.deadline(settings), (error) =>
        error ? reject(error) : resolve(),
      );
    });
  }

  // GraphService.

  /** One node by resource name; NOT_FOUND when there is none. */
  async getNode(name: string, settings?: CallSettings): Promise<Node> {
    const response = await this.unary(
      this.graph.getNode.bind(this.graph),
      GetNodeRequest.fromPartial({ name }),
      settings,
    );
    return required(response.node, "GetNodeResponse.node");
  }

  /** Several nodes in request order; NOT_FOUND if any is missing. */
  async batchGetNodes(names: readonly string[], settings?: CallSettings): Promise<Node[]> {
    const response = await this.unary(
      this.graph.batchGetNodes.bind(this.graph),
      BatchGetNodesRequest.fromPartial({ names: [...names] }),
      settings,
    );
    return response.nodes;
  }

  /** One page of ListNodes. */
  listNodesPage(
    request: DeepPartial<ListNodesRequest>,
    settings?: CallSettings,
  ): Promise<ListNodesResponse> {
    return this.unary(
      this.graph.listNodes.bind(this.graph),
      ListNodesRequest.fromPartial(request),
      settings,
    );
  }

  /** Every node ListNodes matches, over all pages, in resource-name order. */
  listNodes(
    request: PagedRequest<ListNodesRequest>,
    settings?: CallSettings,
  ): AsyncGenerator<Node, void, undefined> {
    return paginate(async (pageToken) => {
      const page = await this.listNodesPage({ ...request, pageToken }, settings);
      return { items: page.nodes, nextPageToken: page.nextPageToken };
    }, request.pageToken);
  }

  /** One page of ListEdges. */
  listEdgesPage(
    request: DeepPartial<ListEdgesRequest>,
    settings?: CallSettings,
  ): Promise<ListEdgesResponse> {
    return this.unary(
      this.graph.listEdges.bind(this.graph),
      ListEdgesRequest.fromPartial(request),
      settings,
    );
  }

  /** Every edge of a node that ListEdges matches, over all pages. */
  listEdges(
    request: PagedRequest<ListEdgesRequest>,
    settings?: CallSettings,
  ): AsyncGenerator<Edge, void, undefined> {
    return paginate(async (pageToken) => {
      const page = await this.listEdgesPage({ ...request, pageToken }, settings);
      return { items: page.edges, nextPageToken: page.nextPageToken };
    }, request.pageToken);
  }

  /** One page of SearchRemarks. */
  searchRemarksPage(
    request: DeepPartial<SearchRemarksRequest>,
    settings?: CallSettings,
  ): Promise<SearchRemarksResponse> {
    return this.unary(
      this.graph.searchRemarks.bind(this.graph),
      SearchRemarksRequest.fromPartial(request),
      settings,
    );
  }

  /** Every remark whose text contains the query, over all pages. */
  searchRemarks(
    request: PagedRequest<SearchRemarksRequest>,
    settings?: CallSettings,
  ): AsyncGenerator<SearchHit, void, undefined> {
    return paginate(async (pageToken) => {
      const page = await this.searchRemarksPage({ ...request, pageToken }, settings);
      return { items: page.hits, nextPageToken: page.nextPageToken };
    }, request.pageToken);
  }

  /** One page of a dossier. */
  getDossier(
    request: DeepPartial<GetDossierRequest>,
    settings?: CallSettings,
  ): Promise<GetDossierResponse> {
    return this.unary(
      this.graph.getDossier.bind(this.graph),
      GetDossierRequest.fromPartial(request),
      settings,
    );
  }

  /**
   * Every page of a dossier, in order. Each page repeats the subject and the
   * totals; its `meetings` hold that page's remarks, so a meeting whose
   * remarks straddle two pages appears at the end of one and the start of
   * the next.
   */
  dossierPages(
    request: PagedRequest<GetDossierRequest>,
    settings?: CallSettings,
  ): AsyncGenerator<GetDossierResponse, void, undefined> {
    return pages(
      (pageToken) => this.getDossier({ ...request, pageToken }, settings),
      request.pageToken,
    );
  }

  /**
   * A whole dossier: every page fetched and joined into one response, with
   * a meeting split across pages joined again and an empty page token.
   */
  async fullDossier(
    request: PagedRequest<GetDossierRequest>,
    settings?: CallSettings,
  ): Promise<GetDossierResponse> {
    let whole: GetDossierResponse | undefined;
    for await (const page of this.dossierPages(request, settings)) {
      if (whole === undefined) {
        whole = { ...page, meetings: [...page.meetings], nextPageToken: "" };
        continue;
      }
      for (const meeting of page.meetings) {
        const last = whole.meetings.at(-1);
        if (last !== undefined && last.meeting?.name === meeting.meeting?.name) {
          whole.meetings[whole.meetings.length - 1] = {
            ...last,
            remarks: [...last.remarks, ...meeting.remarks],
          };
        } else {
          whole.meetings.push(meeting);
        }
      }
    }
    return required(whole, "GetDossierResponse");
  }

  /**
   * The Traverse stream, message by message: hits in order, then exactly
   * one summary. The deadline covers the whole stream; breaking out of the
   * loop cancels the call.
   */
  async *traverse(
    request: DeepPartial<TraverseRequest>,
    settings: CallSettings = {},
  ): AsyncGenerator<TraverseResponse, void, undefined> {
    const call: ClientReadableStream<TraverseResponse> = this.graph.traverse(
      TraverseRequest.fromPartial(request),
      settings.metadata ?? new Metadata(),
      { deadline: this.deadline(settings) },
    );
    let finished = false;
    try {
      for await (const message of call) {
        yield message as TraverseResponse;
      }
      finished = true;
    } finally {
      if (!finished) call.cancel();
    }
  }

  /**
   * A whole traversal: its hits, and the summary that closed the stream.
   * Hits come in batches of HITS_PER_MESSAGE unless the request sets
   * hitsPerMessage itself.
   */
  async traverseAll(
    request: DeepPartial<TraverseRequest>,
    settings?: CallSettings,
  ): Promise<TraversalResult> {
    const batched = { ...request, hitsPerMessage: request.hitsPerMessage || HITS_PER_MESSAGE };
    const hits: TraversalHit[] = [];
    let summary: QueryStats | undefined;
    for await (const message of this.traverse(batched, settings)) {
      if (summary !== undefined) {
        throw new Error("Traverse: a message arrived after the summary");
      }
      if (message.result?.$case === "hit") hits.push(message.result.hit);
      else if (message.result?.$case === "hits") hits.push(...message.result.hits.hits);
      else if (message.result?.$case === "summary") summary = message.result.summary;
    }
    return { hits, summary: required(summary, "Traverse summary") };
  }

  /** Shortest paths between two nodes; no paths is an empty answer. */
  findPaths(
    request: DeepPartial<FindPathsRequest>,
    settings?: CallSettings,
  ): Promise<FindPathsResponse> {
    return this.unary(
      this.graph.findPaths.bind(this.graph),
      FindPathsRequest.fromPartial(request),
      settings,
    );
  }

  // WriteService.

  /** Creates or replaces nodes, atomically. */
  upsertNodes(
    nodes: readonly DeepPartial<Node>[],
    settings?: CallSettings,
  ): Promise<UpsertNodesResponse> {
    return this.unary(
      this.write.upsertNodes.bind(this.write),
      UpsertNodesRequest.fromPartial({ nodes: [...nodes] }),
      settings,
    );
  }

  /** Creates or replaces edges between existing nodes, atomically. */
  upsertEdges(
    edges: readonly DeepPartial<Edge>[],
    settings?: CallSettings,
  ): Promise<UpsertEdgesResponse> {
    return this.unary(
      this.write.upsertEdges.bind(this.write),
      UpsertEdgesRequest.fromPartial({ edges: [...edges] }),
      settings,
    );
  }

  /** Deletes edges; missing ones are ignored. */
  deleteEdges(
    edges: readonly DeepPartial<EdgeKey>[],
    settings?: CallSettings,
  ): Promise<DeleteEdgesResponse> {
    return this.unary(
      this.write.deleteEdges.bind(this.write),
      DeleteEdgesRequest.fromPartial({ edges: [...edges] }),
      settings,
    );
  }

  /** Deletes nodes with their edges; NOT_FOUND for a missing one unless allowed. */
  deleteNodes(
    names: readonly string[],
    options: { readonly allowMissing?: boolean } = {},
    settings?: CallSettings,
  ): Promise<DeleteNodesResponse> {
    return this.unary(
      this.write.deleteNodes.bind(this.write),
      DeleteNodesRequest.fromPartial({ names: [...names], allowMissing: options.allowMissing }),
      settings,
    );
  }

  private deadline(settings: CallSettings): Date {
    return new Date(Date.now() + (settings.deadlineMs ?? this.deadlineMs));
  }

  private unary<Req, Res>(
    method: UnaryMethod<Req, Res>,
    request: Req,
    settings: CallSettings = {},
  ): Promise<Res> {
    return new Promise((resolve, reject) => {
      method(
        request,
        settings.metadata ?? new Metadata(),
        { deadline: this.deadline(settings) },
        (error, response) => (error ? reject(error) : resolve(response)),
      );
    });
  }
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing from the server's answer`);
  return value;
}
