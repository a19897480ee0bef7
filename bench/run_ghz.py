#!/usr/bin/env python3
"""Load a running remarkgraphd with ghz and record throughput and latency.

Each round runs the empty-call baseline (grpc.health.v1.Health/Check) and
then GetNode, GetDossier, a 2-hop Traverse (one hit per message, and in
batches of 256) and SearchRemarks, for the same duration and concurrency;
rounds repeat and the medians are reported, so that noise from a shared
machine hits the baseline and the calls alike. Then the same calls from one
sequential client (concurrency 1, one connection): the latency one caller
sees, beside the same query in process. The server's memory
(VmRSS, VmHWM) is read from /proc at the end.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys


HEALTH_PROTO = ("grpc/health/v1/health.proto", "/usr/share/grpc-proto")
GRAPH_PROTO = ("remarkgraph/v1/graph_service.proto", "proto")


def call_specs(manifest):
    """(name, proto, method, request) for each call of a round."""
    two_hop = {"seeds": [manifest["person_2hop"]],
               "steps": [
                   {"direction": "DIRECTION_INCOMING", "edge_kinds": ["EDGE_KIND_SPOKEN_BY"]},
                   {"direction": "DIRECTION_OUTGOING", "edge_kinds": ["EDGE_KIND_REFERENCES"]},
               ]}
    return [
        ("health_check", HEALTH_PROTO, "grpc.health.v1.Health/Check", {}),
        ("GetNode", GRAPH_PROTO, "remarkgraph.v1.GraphService/GetNode",
         {"name": manifest["remark"]}),
        ("GetDossier", GRAPH_PROTO, "remarkgraph.v1.GraphService/GetDossier",
         {"name": manifest["dossier_item"], "page_size": 50}),
        ("Traverse_2hop", GRAPH_PROTO, "remarkgraph.v1.GraphService/Traverse",
         two_hop),
        ("Traverse_2hop_batched", GRAPH_PROTO, "remarkgraph.v1.GraphService/Traverse",
         dict(two_hop, hits_per_message=256)),
        ("SearchRemarks", GRAPH_PROTO, "remarkgraph.v1.GraphService/SearchRemarks",
         {"query": manifest["search_word"], "page_size": 50}),
    ]


def run_ghz(ghz, address, proto, call, data, seconds, concurrency, connections=2):
    # The protos are given, not reflected: the built-in health service is
    # not in the reflection index.
    proto_file, import_path = proto
    command = [ghz, "--insecure", "--proto", os.path.join(import_path, proto_file),
               "--import-paths", import_path, "--call", call, "--data", json.dumps(data),
               "--concurrency", str(concurrency), "--connections", str(connections),
               "--duration", f"{seconds}s", "--duration-stop", "ignore",
               "--format", "json", address]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    report = json.loads(output)
    latencies = {int(d["percentage"]): d["latency"] / 1e3
                 for d in report.get("latencyDistribution") or []}
    statuses = report.get("statusCodeDistribution") or {}
    return {"rps": report["rps"], "count": report["count"],
            "p50_us": latencies.get(50), "p99_us": latencies.get(99),
            "average_us": report["average"] / 1e3, "statuses": statuses}


def proc_kib(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ghz", required=True)
    parser.add_argument("--address", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    manifest = json.load(open(args.manifest))
    specs = call_specs(manifest)
    seconds = max(1.0, args.seconds / args.rounds)
    rounds = {name: [] for name, _, _, _ in specs}
    for round_number in range(args.rounds):
        for name, proto, call, data in specs:
            result = run_ghz(args.ghz, args.address, proto, call, data, seconds, args.concurrency)
            bad = {code: n for code, n in result["statuses"].items() if code != "OK"}
            if bad:
                sys.exit(f"{name}: non-OK statuses {bad}")
            rounds[name].append(result)
            print(f"[ghz round {round_number + 1}] {name}: {result['rps']:.0f} rps, "
                  f"p50 {result['p50_us']:.0f} us, p99 {result['p99_us']:.0f} us",
                  file=sys.stderr)
    # One client, one call at a time: the latency a caller sees, to set
    # beside the same query in process.
    sequential = {name: [] for name, _, _, _ in specs}
    for round_number in range(args.rounds):
        for name, proto, call, data in specs:
            result = run_ghz(args.ghz, args.address, proto, call, data, seconds, 1, 1)
            sequential[name].append(result)
            print(f"[sequential round {round_number + 1}] {name}: {result['rps']:.0f} rps, "
                  f"p50 {result['p50_us']:.0f} us, p99 {result['p99_us']:.0f} us",
                  file=sys.stderr)
    summary = {}
    for name, results in rounds.items():
        summary[name] = {key: statistics.median(r[key] for r in results)
                         for key in ("rps", "p50_us", "p99_us", "average_us")}
        summary[name]["rounds"] = results
        seq = sequential[name]
        summary[name]["sequential"] = {
            key: statistics.median(r[key] for r in seq)
            for key in ("rps", "p50_us", "p99_us", "average_us")}
    baseline = summary["health_check"]["rps"]
    for name in summary:
        summary[name]["rps_vs_baseline"] = summary[name]["rps"] / baseline
    out = {"engine": "remarkgraph", "mode": "grpc", "concurrency": args.concurrency,
           "seconds_per_run": seconds, "rounds": args.rounds, "calls": summary,
           "server_rss_kib": proc_kib(args.pid, "VmRSS"),
           "server_peak_rss_kib": proc_kib(args.pid, "VmHWM")}
    json.dump(out, open(args.out, "w"), indent=2)


if __name__ == "__main__":
    main()
