#!/usr/bin/env python3
"""Summarise bench/results/*_SIZE.json: ratio tables (markdown) and a chart.

Ratios are against a baseline measured in the same run: a peer's p50 over
remarkgraph's p50 (above 1: remarkgraph is that many times faster), load
rates over remarkgraph's, and gRPC throughput over the empty health call.
The service table sets remarkgraph over gRPC beside PostgreSQL over its
socket and Neo4j over Bolt, with the same ratios.
Writes summary_SIZE.md, summary_SIZE.json and chart_SIZE.png (gnuplot).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile

ENGINES = ["remarkgraph", "sqlite", "postgres", "kuzu", "neo4j"]
LABELS = {"remarkgraph": "remarkgraph", "sqlite": "SQLite", "postgres": "PostgreSQL",
          "kuzu": "Kùzu", "neo4j": "Neo4j", "neo4j_bolt": "Neo4j over Bolt"}
# The service table: each query as a client of a server calls it. remarkgraph
# over gRPC comes from rg_wire_bench (wire_SIZE.json); PostgreSQL is always
# timed over its unix socket; Neo4j over Bolt with the Java driver.
SERVICE_ENGINES = ["postgres", "neo4j_bolt"]
# rg_wire_bench's name for the query as the clients call it (Traverse with
# 256 hits per message) where it differs from the in-process name.
WIRE_AS_CALLED = {"two_hop": "two_hop_batched"}
QUERIES = ["get_node", "edges_of_kind", "dossier_1000", "dossier_page50",
           "dossier_supernode_page50", "two_hop", "three_hop", "three_hop_all",
           "shortest_path",
           "text_search"]


def load(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def fmt_us(us):
    if us is None:
        return "–"
    if us >= 10000:
        return f"{us / 1000:.0f} ms"
    if us >= 1000:
        return f"{us / 1000:.1f} ms"
    return f"{us:.0f} µs" if us >= 10 else f"{us:.1f} µs"


def engine_cells(row, engines, base, skip=None):
    """Each engine's p50 in `row`, with its ratio to `base` (but for `skip`)."""
    cells = []
    for e in engines:
        t = row.get(e)
        if t is None:
            cells.append("–")
            continue
        cell = fmt_us(t["p50_us"])
        if base and e != skip:
            cell += f" ({t['p50_us'] / base['p50_us']:.1f}×)"
        cells.append(cell)
    return cells


def rows_cell(row):
    """The rows every engine returned, or each engine's when they differ."""
    counts = sorted({t["rows"] for t in row.values()})
    return str(counts[0]) if len(counts) == 1 else "≠ " + "/".join(
        f"{LABELS[e]} {t['rows']}" for e, t in row.items())


def merge_rounds(out, files):
    """One query file from several rounds: per query, the median of each
    round's p50, p99, mean and min; the rounds' p50s are kept."""
    rounds = [load(f) for f in sorted(files)]
    merged = dict(rounds[0])
    queries = []
    for t in rounds[0]["queries"]:
        runs = [next(q for q in r["queries"] if q["query"] == t["query"]) for r in rounds]
        q = {"query": t["query"], "iterations": sum(r["iterations"] for r in runs),
             "rows": runs[-1]["rows"], "rounds_p50_us": [r["p50_us"] for r in runs]}
        for key in ("p50_us", "p99_us", "mean_us", "min_us"):
            q[key] = statistics.median(r[key] for r in runs)
        queries.append(q)
    merged["queries"] = queries
    merged["rounds"] = len(rounds)
    with open(out, "w") as f:
        json.dump(merged, f, indent=2)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results")
    parser.add_argument("--size")
    parser.add_argument("--merge", nargs="+", metavar=("OUT", "ROUND"),
                        help="merge per-round query files into OUT and exit")
    args = parser.parse_args()
    if args.merge:
        merge_rounds(args.merge[0], args.merge[1:])
        return
    if not args.results or not args.size:
        parser.error("--results and --size are required")
    r, size = args.results, args.size
    queries = {e: load(f"{r}/query_{e}_{size}.json") for e in ENGINES}
    service = {e: load(f"{r}/query_{e}_{size}.json") for e in SERVICE_ENGINES}
    loads = {e: load(f"{r}/load_{e}_{size}.json") for e in ENGINES}
    grpc = load(f"{r}/grpc_{size}.json")
    wire = load(f"{r}/wire_{size}.json")
    security = load(f"{r}/security_{size}.json")
    corpus = load(f"{r}/corpus_{size}.json")
    machine = load(f"{r}/machine_{size}.json")

    by_query = {q: {} for q in QUERIES}
    for engine, result in queries.items():
        for t in (result or {}).get("queries", []):
            by_query.setdefault(t["query"], {})[engine] = t
    lines = []
    if machine:
        lines.append(f"Machine: {machine['nproc']} cores ({machine['cpu']}), "
                     f"{machine['mem_gib']} GiB; load before the run "
                     f"{', '.join(f'{x:.2f}' for x in machine['load_before'])}.")
    if corpus:
        lines.append(f"Corpus {size}: {corpus['nodes']:,} nodes, {corpus['edges']:,} edges, "
                     f"{corpus['remarks']:,} remarks; dossier item {corpus['dossier_refs']} "
                     f"references, supernode {corpus['supernode_refs']}.")
    lines.append("")
    header = "| query | " + " | ".join(LABELS[e] for e in ENGINES) + " | rows |"
    lines += [header, "|" + "---|" * (len(ENGINES) + 2)]
    summary = {"size": size, "queries": {}, "load": {}, "grpc": {}}
    for q in QUERIES:
        row = by_query.get(q, {})
        if not row:
            continue  # Not timed at this size.
        base = row.get("remarkgraph")
        cells = engine_cells(row, ENGINES, base, skip="remarkgraph")
        lines.append(f"| {q} | " + " | ".join(cells) + f" | {rows_cell(row)} |")
        summary["queries"][q] = {e: {"p50_us": t["p50_us"], "p99_us": t["p99_us"],
                                     "rows": t["rows"],
                                     "ratio_vs_remarkgraph": (t["p50_us"] / base["p50_us"])
                                     if base else None}
                                 for e, t in row.items()}
    rounds = max((r or {}).get("rounds", 1) for r in queries.values())
    lines += ["", "p50 per query (median over %d round%s); (N×) = that engine's p50 over "
              "remarkgraph's." % (rounds, "" if rounds == 1 else "s"), ""]

    lines += ["| bulk import | records | seconds | records/s | vs remarkgraph |",
              "|---|---|---|---|---|"]
    base_rate = (loads.get("remarkgraph") or {}).get("records_per_second")
    for e in ENGINES:
        l = loads.get(e)
        if not l:
            continue
        ratio = f"{l['records_per_second'] / base_rate:.2f}×" if base_rate else "–"
        lines.append(f"| {LABELS[e]} | {l['records']:,} | {l['seconds']:.1f} | "
                     f"{l['records_per_second']:,.0f} | {ratio} |")
        summary["load"][e] = l
    lines.append("")

    if grpc:
        lines += ["| gRPC call | rps | vs Health/Check | p50 | p99 |", "|---|---|---|---|---|"]
        for name, c in grpc["calls"].items():
            lines.append(f"| {name} | {c['rps']:,.0f} | {c['rps_vs_baseline']:.2f} | "
                         f"{fmt_us(c['p50_us'])} | {fmt_us(c['p99_us'])} |")
        lines.append(f"\nServer RSS after the gRPC runs: {grpc['server_rss_kib'] / 1024:.0f} MiB "
                     f"(peak {grpc['server_peak_rss_kib'] / 1024:.0f} MiB); "
                     f"concurrency {grpc['concurrency']}, {grpc['rounds']} rounds of "
                     f"{grpc['seconds_per_run']:.1f} s per call, medians.")
        # One sequential client beside the same query in process: the
        # in-process throughput of one thread is 1 / p50.
        in_process = {"GetNode": "get_node", "GetDossier": "dossier_page50",
                      "Traverse_2hop": "two_hop", "Traverse_2hop_batched": "two_hop",
                      "SearchRemarks": "text_search"}
        seq_rows = []
        for name, c in grpc["calls"].items():
            seq = c.get("sequential")
            if not seq:
                continue
            local = by_query.get(in_process.get(name, ""), {}).get("remarkgraph")
            ratio = "–"
            if local and seq["p50_us"]:
                ratio = f"{local['p50_us'] / seq['p50_us']:.2f}"
                c["sequential"]["throughput_vs_in_process"] = local["p50_us"] / seq["p50_us"]
            seq_rows.append(f"| {name} | {fmt_us(seq['p50_us'])} | {fmt_us(seq['p99_us'])} | "
                            f"{fmt_us(local['p50_us']) if local else '–'} | {ratio} |")
        if seq_rows:
            lines += ["", "| gRPC call, one sequential client | p50 | p99 | in process p50 | "
                      "throughput vs in process |", "|---|---|---|---|---|"] + seq_rows
        summary["grpc"] = grpc["calls"]
        summary["server_rss_kib"] = grpc["server_rss_kib"]
    if wire:
        lines += ["", "| query, one sequential client | in process p50 | gRPC p50 | gRPC p99 | "
                  "throughput vs in process | vs empty call |", "|---|---|---|---|---|---|"]
        for q in wire["queries"]:
            local = q.get("in_process")
            lines.append(
                f"| {q['query']} | {fmt_us(local['p50_us']) if local else '–'} | "
                f"{fmt_us(q['grpc']['p50_us'])} | {fmt_us(q['grpc']['p99_us'])} | "
                f"{q['throughput_vs_in_process']:.2f} | " if local else
                f"| {q['query']} | – | {fmt_us(q['grpc']['p50_us'])} | "
                f"{fmt_us(q['grpc']['p99_us'])} | – | ")
            lines[-1] += f"{q['throughput_vs_empty_call']:.2f} |"
        lines.append(f"\nrg_wire_bench: in process and over gRPC alternately in one process, "
                     f"{wire['rounds']} rounds, medians.")
        summary["wire"] = wire["queries"]
    if any(service.values()):
        lines += service_table(wire, service, summary)
    if security:
        lines += ["", "| GetNode server | calls/s | vs plain | server CPU per call | vs plain |",
                  "|---|---|---|---|---|"]
        for name, c in security["configurations"].items():
            lines.append(f"| {name} | {c['rps_median']:,.0f} | {c['rps_vs_plain']:.2f} | "
                         f"{fmt_us(c['cpu_us_per_call_median'])} | "
                         f"{c['cpu_per_call_vs_plain']:.2f} |")
        lines.append(f"\nbench/security_cost.py: each server in turn, {security['rounds']} rounds "
                     f"of {security['seconds']:.0f} s at concurrency {security['concurrency']}, "
                     f"medians of per-round ratios.")
        summary["security"] = security["configurations"]
    text = "\n".join(lines) + "\n"
    with open(f"{r}/summary_{size}.md", "w") as f:
        f.write(text)
    with open(f"{r}/summary_{size}.json", "w") as f:
        json.dump(summary, f, indent=2)
    print(text)
    chart(r, size, by_query)


def service_table(wire, service, summary):
    """Each query as a server's client calls it: remarkgraph over gRPC (one
    sequential client, rg_wire_bench), PostgreSQL over its unix socket and
    Neo4j over Bolt; (N×) = that engine's p50 over remarkgraph's."""
    over_grpc = {}
    for q in (wire or {}).get("queries", []):
        over_grpc[q["query"]] = q["grpc"]
    by_query = {}
    for engine, result in service.items():
        for t in (result or {}).get("queries", []):
            by_query.setdefault(t["query"], {})[engine] = t
    engines = [e for e in SERVICE_ENGINES if service.get(e)]
    lines = ["", "| query, one sequential client | remarkgraph over gRPC | " +
             " | ".join(LABELS[e] if e != "postgres" else "PostgreSQL (socket)"
                        for e in engines) + " | rows |",
             "|" + "---|" * (len(engines) + 3)]
    summary["service"] = {}
    for q in QUERIES:
        row = by_query.get(q, {})
        if not row:
            continue
        base = over_grpc.get(WIRE_AS_CALLED.get(q, q)) or over_grpc.get(q)
        cells = [fmt_us(base["p50_us"]) if base else "–"] + engine_cells(row, engines, base)
        lines.append(f"| {q} | " + " | ".join(cells) + f" | {rows_cell(row)} |")
        summary["service"][q] = {e: {"p50_us": t["p50_us"], "p99_us": t["p99_us"],
                                     "rows": t["rows"]} for e, t in row.items()}
        if base:
            summary["service"][q]["remarkgraph_grpc"] = {"p50_us": base["p50_us"],
                                                         "p99_us": base["p99_us"]}
    lines.append("\nService table: p50 per query from one sequential client; (N×) = that "
                 "engine's p50 over remarkgraph's over gRPC (– where rg_wire_bench does not "
                 "time the query); two_hop over gRPC is Traverse with 256 hits per message.")
    return lines


def chart(results, size, by_query):
    if not shutil.which("gnuplot"):
        print("gnuplot not found: no chart")
        return
    engines = [e for e in ENGINES if any(e in row for row in by_query.values())]
    with tempfile.NamedTemporaryFile("w", suffix=".dat", delete=False) as data:
        data.write("# query " + " ".join(engines) + "\n")
        for q in QUERIES:
            row = by_query.get(q, {})
            values = [f"{row[e]['p50_us'] / 1000:.4f}" if e in row else "NaN" for e in engines]
            data.write(q.replace("_", "-") + " " + " ".join(values) + "\n")
    plots = ", ".join(f"'{data.name}' using {i + 2}:xtic(1) title '{LABELS[e]}'"
                      for i, e in enumerate(engines))
    script = f"""
set terminal pngcairo size 1200,600 font 'sans,10'
set output '{results}/chart_{size}.png'
set title 'p50 latency per query, corpus {size} (log scale, lower is better)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set ylabel 'milliseconds'
set xtics rotate by -25
set key top left
set grid ytics
plot {plots}
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
    os.unlink(data.name)


if __name__ == "__main__":
    main()
