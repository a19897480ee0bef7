// Kùzu (the `kuzu` npm package, Cypher) on the benchmark corpus, timed like
// the C++ harness (bench/harness.h): warm-up, then repeated runs for up to
// `seconds` per query, p50/p99/mean in microseconds.
//
//   node kuzu_bench.js load  DB_DIR CSV_DIR OUT.json
//   node kuzu_bench.js query DB_DIR MANIFEST.json OUT.json [seconds]
//
// Schema: a node table per kind keyed by resource name, a relationship
// table per edge kind (REFERENCES carries the stance). Loaded with COPY
// from the per-kind CSV files rg_corpus writes (bench/corpus_main.cc).
'use strict';

const fs = require('fs');
const path = require('path');
const kuzu = require('kuzu');

const NODE_KINDS = ['BODY', 'MEETING', 'ITEM', 'MATTER', 'REMARK', 'PERSON',
                    'DOCUMENT', 'TOPIC'];
const EDGE_KINDS = [
  ['HELD_BY', 'MEETING', 'BODY'], ['HAS_ITEM', 'MEETING', 'ITEM'],
  ['ABOUT', 'ITEM', 'MATTER'], ['ATTENDED', 'PERSON', 'MEETING'],
  ['IN_MEETING', 'REMARK', 'MEETING'], ['SPOKEN_BY', 'REMARK', 'PERSON'],
  ['REFERENCES', 'REMARK', 'ITEM'], ['REPLIES_TO', 'REMARK', 'REMARK'],
  ['CITES', 'REMARK', 'DOCUMENT'], ['MENTIONS', 'REMARK', 'TOPIC'],
];

function now() { return Number(process.hrtime.bigint()) / 1000; }

async function all(conn, query) {
  const result = await conn.query(query);
  return result.getAll();
}

async function load(dbDir, csvDir, out) {
  fs.rmSync(dbDir, {recursive: true, force: true});
  const db = new kuzu.Database(dbDir);
  const conn = new kuzu.Connection(db);
  const start = now();
  for (const kind of NODE_KINDS) {
    await all(conn, `CREATE NODE TABLE \`${kind}\` (name STRING, title STRING, ` +
        'date STRING, ordinal INT32, item_kind INT16, outcome INT16, ' +
        'speaker_label STRING, text STRING, PRIMARY KEY (name))');
  }
  for (const [kind, from, to] of EDGE_KINDS) {
    const props = kind === 'REFERENCES' ? ', stance INT16' : '';
    await all(conn, `CREATE REL TABLE \`${kind}\` (FROM \`${from}\` TO \`${to}\`${props})`);
  }
  let records = 0;
  const copy = async (table, file) => {
    if (!fs.existsSync(file)) return;
    await all(conn, `COPY \`${table}\` FROM "${file}" (HEADER=false)`);
  };
  for (const kind of NODE_KINDS) {
    await copy(kind, path.join(csvDir, 'kuzu', `node_${kind}.csv`));
  }
  for (const [kind] of EDGE_KINDS) {
    await copy(kind, path.join(csvDir, 'kuzu', `edge_${kind}.csv`));
  }
  const end = now();
  for (const kind of NODE_KINDS) {
    records += Number((await all(conn, `MATCH (n:\`${kind}\`) RETURN count(*) AS c`))[0].c);
  }
  for (const [kind] of EDGE_KINDS) {
    records += Number((await all(conn, `MATCH ()-[e:\`${kind}\`]->() RETURN count(*) AS c`))[0].c);
  }
  const result = {engine: 'kuzu', records, seconds: (end - start) / 1e6,
                  records_per_second: records / ((end - start) / 1e6)};
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result));
}

async function measure(name, seconds, run) {
  let rows = 0;
  for (let i = 0; i < 2; ++i) rows = await run();
  const samples = [];
  const start = now();
  while (samples.length < 2000) {
    const t0 = now();
    rows = await run();
    const t1 = now();
    samples.push(t1 - t0);
    if (samples.length >= 5 && t1 - start > seconds * 1e6) break;
  }
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  const timing = {query: name, iterations: samples.length, p50_us: at(0.5),
                  p99_us: at(0.99), mean_us: samples.reduce((a, b) => a + b, 0) / samples.length,
                  min_us: samples[0], rows};
  console.error(`${name}: p50 ${timing.p50_us.toFixed(1)} us, p99 ` +
                `${timing.p99_us.toFixed(1)} us, rows ${rows}`);
  return timing;
}

async function query(dbDir, manifestFile, out, seconds) {
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  const db = new kuzu.Database(dbDir, 0, true, /*readOnly=*/true);
  const conn = new kuzu.Connection(db);
  const prepared = new Map();
  const run = async (text, params) => {
    if (!prepared.has(text)) prepared.set(text, await conn.prepare(text));
    const result = await conn.execute(prepared.get(text), params);
    return result.getAll();
  };
  const timings = [];
  timings.push(await measure('get_node', seconds, async () =>
    (await run('MATCH (r:REMARK {name: $name}) RETURN r', {name: manifest.remark})).length));
  timings.push(await measure('edges_of_kind', seconds, async () =>
    (await run('MATCH (r:REMARK)-[:IN_MEETING]->(m:MEETING {name: $name}) ' +
               'RETURN r.name ORDER BY r.name LIMIT 100', {name: manifest.meeting})).length));
  const dossier = (name, limit) => async () => {
    await run('MATCH (s:ITEM {name: $name})<-[e:REFERENCES]-(r:REMARK) ' +
              'RETURN e.stance, count(DISTINCT r)', {name});
    return (await run(
        'MATCH (s:ITEM {name: $name})<-[e:REFERENCES]-(r:REMARK)-[:IN_MEETING]->(m:MEETING) ' +
        'OPTIONAL MATCH (r)-[:SPOKEN_BY]->(p:PERSON) ' +
        'RETURN r.name, r.ordinal, r.text, r.speaker_label, e.stance, p.name, p.title, ' +
        `m.name, m.date ORDER BY m.date DESC, m.name, r.ordinal LIMIT ${limit}`,
        {name})).length;
  };
  timings.push(await measure('dossier_1000', seconds, dossier(manifest.dossier_item, 1000)));
  timings.push(await measure('dossier_page50', seconds, dossier(manifest.dossier_item, 50)));
  timings.push(await measure('dossier_supernode_page50', seconds,
                             dossier(manifest.supernode, 50)));
  timings.push(await measure('two_hop', seconds, async () => {
    const rows = await run(
        'MATCH (p:PERSON {name: $name})<-[:SPOKEN_BY]-(r:REMARK)-[:REFERENCES]->(i:ITEM) ' +
        'RETURN r.name, i.name, i.title', {name: manifest.person_2hop});
    return new Set(rows.map((row) => row['i.name'])).size;
  }));
  const threeHop = (name, reportsOnly) => async () =>
    (await run(
        'MATCH (p:PERSON {name: $name})<-[:SPOKEN_BY]-(r:REMARK)-[:REFERENCES]->(i:ITEM)' +
        '<-[:REFERENCES]-(r3:REMARK) ' +
        `WHERE ${reportsOnly ? 'i.item_kind = 2 AND ' : ''}` +
        'NOT EXISTS { MATCH (r3)-[:SPOKEN_BY]->(p) } RETURN DISTINCT r3.name',
        {name})).length;
  timings.push(await measure('three_hop', seconds, threeHop(manifest.person_3hop, true)));
  if (manifest.three_hop_all) {
    timings.push(await measure('three_hop_all', seconds,
                               threeHop(manifest.person_2hop, false)));
  }
  timings.push(await measure('shortest_path', seconds, async () => {
    const rows = await run(
        'MATCH p = (a:PERSON {name: $a})-[* SHORTEST 1..8]-(b:PERSON {name: $b}) ' +
        'RETURN length(p) AS n', {a: manifest.path_from, b: manifest.path_to});
    return rows.length ? Number(rows[0].n) : -1;
  }));
  timings.push(await measure('text_search', seconds, async () =>
    (await run('MATCH (r:REMARK) WHERE r.text CONTAINS $word ' +
               'RETURN r.name ORDER BY r.name LIMIT 50', {word: manifest.search_word})).length));
  fs.writeFileSync(out, JSON.stringify({engine: 'kuzu', version: kuzu.VERSION,
                                        queries: timings}, null, 2) + '\n');
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'load') return load(args[0], args[1], args[2]);
  if (command === 'query') return query(args[0], args[1], args[2], Number(args[3] || 1.5));
  console.error('usage: kuzu_bench.js load DB CSV OUT | query DB MANIFEST OUT [seconds]');
  process.exit(2);
}

main().catch((error) => { console.error(error); process.exit(1); });
