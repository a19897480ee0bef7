// The client against a real remarkgraphd: REMARKGRAPHD names the binary.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import {
  collect,
  Direction,
  EdgeKind,
  type GetDossierResponse,
  GetNodeRequest,
  hasStatus,
  paginate,
  NodeKind,
  RemarkGraphClient,
  SERVICE_CONFIG,
  Stance,
  status,
  statusName,
  TruncationReason,
} from "../src/index.js";
import { showDossier } from "../examples/dossier.js";
import * as graph from "./graph.js";
import { type RunningServer, startServer } from "./server.js";

const binary = process.env.REMARKGRAPHD ?? "";
const skip = binary === "" ? "REMARKGRAPHD is not set" : false;

/** Asserts that `call` fails with `code` and a message containing each of `mentions`. */
async function assertStatus(
  call: Promise<unknown>,
  code: status,
  ...mentions: string[]
): Promise<void> {
  await assert.rejects(call, (error: unknown) => {
    assert.ok(hasStatus(error, code), `expected ${statusName(code)}, got ${String(error)}`);
    for (const mention of mentions) {
      assert.ok(error.details.includes(mention), `"${error.details}" should name ${mention}`);
    }
    return true;
  });
}

function stanceCounts(dossier: GetDossierResponse): Map<Stance, number> {
  return new Map(dossier.stances.map((s) => [s.stance, s.count]));
}

function remarkNames(dossier: GetDossierResponse): string[][] {
  return dossier.meetings.map((m) => m.remarks.map((r) => r.remark?.name ?? ""));
}

describe("remarkgraph TypeScript client", { skip }, () => {
  let server: RunningServer;
  let client: RemarkGraphClient;

  before(async () => {
    server = await startServer(binary);
    client = new RemarkGraphClient(server.address, { deadlineMs: 10_000 });
    await client.waitForReady();
    const nodes = await client.upsertNodes(graph.nodes());
    assert.equal(nodes.created, graph.nodes().length);
    const edges = await client.upsertEdges(graph.edges());
    assert.equal(edges.created, graph.edges().length);
  });

  after(async () => {
    client?.close();
    const code = await server?.stop();
    assert.equal(code, 0, `remarkgraphd should exit cleanly on SIGTERM:\n${server?.log()}`);
  });

  it("ships the service config: reads retried on UNAVAILABLE, deletes not retried", () => {
    const config = JSON.parse(SERVICE_CONFIG) as {
      methodConfig: { name: { service: string; method?: string }[]; retryPolicy: { retryableStatusCodes: string[] } }[];
    };
    const policy = (service: string, method?: string) =>
      config.methodConfig.find((m) => m.name.some((n) => n.service === service && n.method === method))
        ?.retryPolicy;
    assert.deepEqual(policy("remarkgraph.v1.GraphService")?.retryableStatusCodes, ["UNAVAILABLE", "RESOURCE_EXHAUSTED"]);
    assert.ok(policy("remarkgraph.v1.WriteService", "UpsertNodes")?.retryableStatusCodes.includes("ABORTED"));
    assert.equal(policy("remarkgraph.v1.WriteService", "DeleteNodes"), undefined);
  });

  it("reads back a node with its typed fields", async () => {
    const decision = await client.getNode(graph.DECISION);
    assert.equal(decision.kind, NodeKind.NODE_KIND_ITEM);
    assert.equal(decision.title, "Winter ferry timetable (draft)");
    assert.equal(decision.details?.$case, "item");
    const [person, meeting] = await client.batchGetNodes([graph.SATO, graph.SECOND]);
    assert.deepEqual(person?.details?.$case === "person" ? person.details.person.titles : [], [
      "Chair",
    ]);
    assert.equal(
      meeting?.details?.$case === "meeting" ? meeting.details.meeting.date : "",
      "2024-04-09",
    );
  });

  it("groups a decision's dossier by meeting, newest first, with stance counts", async () => {
    const dossier = await client.getDossier({ name: graph.DECISION });
    assert.equal(dossier.subject?.name, graph.DECISION);
    assert.deepEqual(
      dossier.related.map((n) => n.name),
      [graph.MATTER],
    );
    assert.deepEqual(
      dossier.meetings.map((m) => m.meeting?.name),
      [graph.SECOND, graph.FIRST],
    );
    assert.deepEqual(remarkNames(dossier), [
      [graph.remarkName(graph.SECOND, 1)],
      [1, 2, 5].map((o) => graph.remarkName(graph.FIRST, o)),
    ]);
    assert.equal(dossier.totalRemarks, 4);
    assert.equal(dossier.totalMeetings, 2);
    assert.deepEqual(
      stanceCounts(dossier),
      new Map([
        [Stance.STANCE_UNSPECIFIED, 1], // the adopting remark states none
        [Stance.STANCE_SUPPORT, 2],
        [Stance.STANCE_CONCERN, 1],
      ]),
    );
    const adopting = dossier.meetings[1]?.remarks[2];
    assert.equal(adopting?.speaker, graph.SATO);
    assert.equal(adopting?.speakerTitle, "Sato Rin");
    assert.deepEqual(
      adopting?.links.map((l) => l.kind),
      [EdgeKind.EDGE_KIND_ADOPTS],
    );
    assert.equal(dossier.nextPageToken, "");
  });

  it("pages a matter's dossier and joins the pages again", async () => {
    const pages = await collect(client.dossierPages({ name: graph.MATTER, pageSize: 2 }));
    assert.equal(pages.length, 3);
    for (const page of pages) {
      assert.equal(page.totalRemarks, 5);
      assert.equal(page.totalMeetings, 2);
    }
    const whole = await client.fullDossier({ name: graph.MATTER, pageSize: 2 });
    const single = await client.getDossier({ name: graph.MATTER, pageSize: 1000 });
    assert.deepEqual(remarkNames(whole), remarkNames(single));
    assert.deepEqual(remarkNames(whole), [
      [1, 2].map((o) => graph.remarkName(graph.SECOND, o)),
      [1, 2, 5].map((o) => graph.remarkName(graph.FIRST, o)),
    ]);
    assert.deepEqual(
      stanceCounts(whole),
      new Map([
        [Stance.STANCE_UNSPECIFIED, 1],
        [Stance.STANCE_SUPPORT, 2],
        [Stance.STANCE_CONCERN, 2],
      ]),
    );
    // The unresolved speaker keeps the label printed in the minutes.
    const unresolved = whole.meetings[0]?.remarks[1];
    assert.equal(unresolved?.speaker, "");
    assert.equal(unresolved?.speakerTitle, "Member Noda");
  });

  it("lists nodes to the end without gaps or repeats", async () => {
    const request = { kind: NodeKind.NODE_KIND_REMARK, meeting: graph.ROUTINE };
    const paged = await collect(client.listNodes({ ...request, pageSize: 4 }));
    const names = paged.map((n) => n.name);
    assert.equal(names.length, graph.ROUTINE_REMARKS);
    assert.equal(new Set(names).size, names.length);
    assert.deepEqual(names, [...names].sort());
    const expected = Array.from({ length: graph.ROUTINE_REMARKS }, (_, i) =>
      graph.remarkName(graph.ROUTINE, i + 1),
    ).sort();
    assert.deepEqual(names, expected);
    const onePage = await client.listNodesPage({ ...request, pageSize: 1000 });
    assert.deepEqual(
      names,
      onePage.nodes.map((n) => n.name),
    );
    assert.equal(onePage.nextPageToken, "");
  });

  it("stops fetching when the iteration stops", async () => {
    let fetched = 0;
    const names: string[] = [];
    const listing = paginate(async (pageToken) => {
      fetched += 1;
      const page = await client.listNodesPage({
        kind: NodeKind.NODE_KIND_REMARK,
        pageSize: 2,
        pageToken,
      });
      return { items: page.nodes, nextPageToken: page.nextPageToken };
    });
    for await (const node of listing) {
      names.push(node.name);
      if (names.length === 3) break;
    }
    assert.equal(names.length, 3);
    assert.equal(fetched, 2);
  });

  it("pages edges and search hits", async () => {
    const incoming = await collect(
      client.listEdges({
        name: graph.DECISION,
        direction: Direction.DIRECTION_INCOMING,
        pageSize: 2,
      }),
    );
    const keys = incoming.map((e) => `${e.source} ${EdgeKind[e.kind]}`);
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(keys.length, 5); // HAS_ITEM, three REFERENCES, ADOPTS
    const whole = await client.listEdgesPage({
      name: graph.DECISION,
      direction: Direction.DIRECTION_INCOMING,
      pageSize: 1000,
    });
    assert.deepEqual(incoming, whole.edges);

    const hits = await collect(client.searchRemarks({ query: "TIMETABLE", pageSize: 1 }));
    assert.deepEqual(
      hits.map((h) => h.remark?.name),
      [
        graph.remarkName(graph.FIRST, 1),
        graph.remarkName(graph.FIRST, 3),
        graph.remarkName(graph.FIRST, 4),
        graph.remarkName(graph.SECOND, 1),
      ],
    );
    for (const hit of hits) assert.match(hit.snippet.toLowerCase(), /timetable/);
  });

  it("streams a traversal that ends with one summary", async () => {
    const messages = await collect(
      client.traverse({
        seeds: [graph.ITO],
        steps: [
          { direction: Direction.DIRECTION_INCOMING, edgeKinds: [EdgeKind.EDGE_KIND_SPOKEN_BY] },
          { direction: Direction.DIRECTION_OUTGOING, edgeKinds: [EdgeKind.EDGE_KIND_REFERENCES] },
        ],
      }),
    );
    const last = messages.at(-1);
    assert.equal(last?.result?.$case, "summary");
    assert.equal(messages.filter((m) => m.result?.$case === "summary").length, 1);
    const hits = messages.flatMap((m) => (m.result?.$case === "hit" ? [m.result.hit] : []));
    const names = hits.map((h) => h.node?.name);
    assert.equal(new Set(names).size, names.length);
    const routine = Array.from({ length: graph.ROUTINE_REMARKS }, (_, i) => i + 1)
      .filter((o) => (o - 1) % 3 === 0)
      .map((o) => graph.remarkName(graph.ROUTINE, o));
    assert.deepEqual(
      new Set(hits.filter((h) => h.depth === 1).map((h) => h.node?.name)),
      new Set([graph.remarkName(graph.FIRST, 1), graph.remarkName(graph.SECOND, 1), ...routine]),
    );
    assert.deepEqual(
      hits.filter((h) => h.depth === 2).map((h) => h.node?.name),
      [graph.DECISION],
    );
    const depths = hits.map((h) => h.depth);
    assert.deepEqual(
      depths,
      [...depths].sort((a, b) => a - b),
    );

    const result = await client.traverseAll({
      seeds: [graph.remarkName(graph.FIRST, 4)],
      steps: [
        { direction: Direction.DIRECTION_OUTGOING, edgeKinds: [EdgeKind.EDGE_KIND_REPLIES_TO] },
      ],
      repeatLastStep: true,
      includeSeeds: true,
    });
    assert.deepEqual(
      result.hits.map((h) => [h.node?.name, h.depth]),
      [
        [graph.remarkName(graph.FIRST, 4), 0],
        [graph.remarkName(graph.FIRST, 3), 1],
      ],
    );
    assert.equal(result.summary.truncated, false);
    assert.equal(result.summary.truncationReason, TruncationReason.TRUNCATION_REASON_UNSPECIFIED);
  });

  it("runs the example", async () => {
    const lines: string[] = [];
    await showDossier(client, graph.MATTER, (line) => lines.push(line));
    assert.equal(lines[0], "Ferry timetable (matters/ferry-timetable)");
    assert.equal(lines[1], "5 remarks in 2 meetings; stances: none 1, support 2, concern 2");
    assert.ok(lines.includes("2024-04-09 Harbour Board, 2nd meeting"));
    assert.ok(lines.includes(`  ${graph.remarkName(graph.SECOND, 2)}  Member Noda`));
  });

  it("answers INVALID_ARGUMENT naming the field", async () => {
    await assertStatus(client.getNode(""), status.INVALID_ARGUMENT, "name");
    await assertStatus(client.listNodesPage({}), status.INVALID_ARGUMENT, "kind");
    await assertStatus(
      client.listNodesPage({ kind: NodeKind.NODE_KIND_PERSON, pageSize: -1 }),
      status.INVALID_ARGUMENT,
      "page_size",
    );
    await assertStatus(
      client.upsertNodes([
        { name: "meetings/hb-9", details: { $case: "meeting", meeting: { date: "2024-02-30" } } },
      ]),
      status.INVALID_ARGUMENT,
      "nodes[0].meeting.date",
    );
    await assertStatus(client.getNode("meetings/hb-9"), status.NOT_FOUND);
  });

  it("fails with DEADLINE_EXCEEDED when the deadline is too short", async () => {
    await assertStatus(client.getNode(graph.ITO, { deadlineMs: 0 }), status.DEADLINE_EXCEEDED);
    // The default applies to calls made straight on the generated stubs too.
    const hurried = new RemarkGraphClient(server.address, { deadlineMs: 0 });
    try {
      const raw = new Promise((resolve, reject) =>
        hurried.graph.getNode(GetNodeRequest.fromPartial({ name: graph.ITO }), (error, response) =>
          error ? reject(error) : resolve(response),
        ),
      );
      await assertStatus(raw, status.DEADLINE_EXCEEDED);
    } finally {
      hurried.close();
    }
  });

  it("answers NOT_FOUND naming the missing node", async () => {
    await assertStatus(client.getNode("people/nobody"), status.NOT_FOUND, "people/nobody");
    await assertStatus(
      client.batchGetNodes([graph.ITO, "people/nobody"]),
      status.NOT_FOUND,
      "people/nobody",
    );
    await assertStatus(
      client.getDossier({ name: "matters/none" }),
      status.NOT_FOUND,
      "matters/none",
    );
  });

  it("answers FAILED_PRECONDITION for an edge to a missing node, storing nothing", async () => {
    const source = graph.remarkName(graph.SECOND, 1);
    const before = await collect(client.listEdges({ name: source }));
    await assertStatus(
      client.upsertEdges([
        { source, kind: EdgeKind.EDGE_KIND_CITES, target: "documents/handout-1" },
        { source, kind: EdgeKind.EDGE_KIND_REFERENCES, target: graph.REPORT },
      ]),
      status.FAILED_PRECONDITION,
      "documents/handout-1",
    );
    assert.deepEqual(await collect(client.listEdges({ name: source })), before);
  });
});
