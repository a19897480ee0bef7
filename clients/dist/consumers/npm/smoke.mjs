// A program of another team that uses the installed @remarkgraph/client.
//
//   node smoke.mjs TARGET VERSION
//
// Writes two people and a body, reads them back through the helpers, checks
// a NOT_FOUND, and prints `ok` with the package's version.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { RemarkGraphClient, NodeKind, hasStatus, status, collect } from "@remarkgraph/client";

const [target, version] = process.argv.slice(2);
const manifest = JSON.parse(
  readFileSync(new URL("./node_modules/@remarkgraph/client/package.json", import.meta.url), "utf8"),
);
assert.equal(manifest.version, version);

const client = new RemarkGraphClient(target, { deadlineMs: 10_000 });
try {
  await client.upsertNodes([
    { name: "bodies/harbour-board", title: "Harbour Board" },
    { name: "people/ines-okafor", title: "Ines Okafor" },
    { name: "people/tomas-lind", title: "Tomas Lind" },
  ]);
  const body = await client.getNode("bodies/harbour-board");
  assert.equal(body.kind, NodeKind.NODE_KIND_BODY);
  assert.equal(body.title, "Harbour Board");
  const people = await collect(client.listNodes({ kind: NodeKind.NODE_KIND_PERSON, pageSize: 1 }));
  assert.deepEqual(people.map((node) => node.name), ["people/ines-okafor", "people/tomas-lind"]);
  await assert.rejects(client.getNode("people/nobody"), (error) => hasStatus(error, status.NOT_FOUND));
} finally {
  client.close();
}
console.log(`ok npm @remarkgraph/client ${manifest.version}`);
