#!/usr/bin/env python3
"""What TLS, mutual TLS and metrics cost on GetNode, against the plain server.

Starts one remarkgraphd per configuration, each on its own copy of the same
store, and loads each with ghz in turn, round after round, so that noise from
a shared machine falls on every configuration alike. Two figures per
configuration, each a median over the rounds and a ratio against the plain
server of the same round:

- throughput (calls per second at a fixed concurrency), which a busy machine
  makes noisy;
- the server's CPU time per call (utime + stime from /proc, divided by the
  calls served), which stays steady however busy the machine is, and is what
  TLS and metrics add.

    bench/security_cost.py --build build --db DB --manifest MANIFEST --ghz GHZ
        [--rounds 5] [--seconds 3] [--concurrency 16] [--out FILE]
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

GRAPH_PROTO = "remarkgraph/v1/graph_service.proto"
HEALTH_PROTO = "grpc/health/v1/health.proto"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    """utime + stime of a process, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


class Server:
    """One remarkgraphd on a copy of the store, and how ghz reaches it."""

    def __init__(self, name, binary, db, work, certs, extra_flags, ghz_tls):
        self.name = name
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        data_dir = os.path.join(work, name)
        shutil.copytree(db, data_dir)
        self.log = open(os.path.join(work, f"{name}.log"), "w")
        flags = [f"--listen={self.address}", f"--data_dir={data_dir}"]
        flags += [flag.format(certs=certs, port=free_port()) for flag in extra_flags]
        self.process = subprocess.Popen([binary] + flags, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        self.ghz_tls = [flag.format(certs=certs) for flag in ghz_tls]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def run_ghz(ghz, server, proto_args, call, data, seconds, concurrency):
    command = [ghz, *server.ghz_tls, *proto_args, "--call", call,
               "--data", json.dumps(data), "--concurrency", str(concurrency),
               "--connections", "2", "--duration", f"{seconds}s",
               "--duration-stop", "ignore", "--format", "json", server.address]
    before = cpu_seconds(server.process.pid)
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    after = cpu_seconds(server.process.pid)
    report = json.loads(output)
    ok = (report.get("statusCodeDistribution") or {}).get("OK", 0)
    if ok == 0:
        raise RuntimeError(f"{server.name}: no call succeeded: "
                           f"{report.get('errorDistribution')}")
    return {"rps": ok / (report["total"] / 1e9),
            "cpu_us_per_call": (after - before) / ok * 1e6}


def wait_serving(ghz, server, health_args):
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited; see its log")
        probe = subprocess.run([ghz, *server.ghz_tls, *health_args, "--call",
                                "grpc.health.v1.Health/Check", "-n", "1",
                                "--format", "json", server.address],
                               capture_output=True, text=True)
        if probe.returncode == 0 and '"OK"' in probe.stdout:
            return
        time.sleep(0.2)
    raise RuntimeError(f"{server.name} never became SERVING")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--ghz", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--out")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = os.path.join(args.build, "service", "remarkgraphd")
    manifest = json.load(open(args.manifest))

    work = tempfile.mkdtemp(prefix="security-cost-")
    certs = os.path.join(work, "certs")
    subprocess.run(["bash", os.path.join(root, "tests", "e2e", "make_certs.sh"), certs],
                   check=True)
    tls_server = ["--tls_cert={certs}/server.pem", "--tls_key={certs}/server.key"]
    ghz_tls = ["--cacert={certs}/ca.pem", "--cname=localhost"]
    configurations = [
        ("plain", [], ["--insecure"]),
        ("metrics", ["--metrics_listen=127.0.0.1:{port}"], ["--insecure"]),
        ("tls", tls_server, ghz_tls),
        ("mtls", tls_server + ["--client_ca={certs}/ca.pem"],
         ghz_tls + ["--cert={certs}/reader.pem", "--key={certs}/reader.key"]),
        ("tls+metrics", tls_server + ["--metrics_listen=127.0.0.1:{port}"], ghz_tls),
    ]
    graph_args = ["--proto", os.path.join(root, "proto", GRAPH_PROTO),
                  "--import-paths", os.path.join(root, "proto")]
    health_args = ["--proto", os.path.join("/usr/share/grpc-proto", HEALTH_PROTO),
                   "--import-paths", "/usr/share/grpc-proto"]
    servers = []
    try:
        for name, flags, ghz_flags in configurations:
            servers.append(Server(name, binary, args.db, work, certs, flags, ghz_flags))
        for server in servers:
            wait_serving(args.ghz, server, health_args)
        call = "remarkgraph.v1.GraphService/GetNode"
        data = {"name": manifest["remark"]}
        for server in servers:  # Warm-up: connections, caches, TLS sessions.
            run_ghz(args.ghz, server, graph_args, call, data, 1, args.concurrency)
        samples = {server.name: [] for server in servers}
        for round_index in range(args.rounds):
            for server in servers:
                samples[server.name].append(run_ghz(args.ghz, server, graph_args, call, data,
                                                    args.seconds, args.concurrency))
            print(f"round {round_index + 1}/{args.rounds} done", file=sys.stderr)
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)

    def ratio(name, key):
        return statistics.median(s[key] / p[key] for s, p in
                                 zip(samples[name], samples["plain"]))

    result = {
        "machine": {"nproc": os.cpu_count(), "load": os.getloadavg()},
        "rounds": args.rounds, "seconds": args.seconds, "concurrency": args.concurrency,
        "configurations": {
            name: {
                "rps_median": statistics.median(s["rps"] for s in runs),
                "cpu_us_per_call_median": statistics.median(s["cpu_us_per_call"]
                                                            for s in runs),
                "rps_vs_plain": ratio(name, "rps"),
                "cpu_per_call_vs_plain": ratio(name, "cpu_us_per_call"),
            } for name, runs in samples.items()},
    }
    print(f"{'server':<12} {'calls/s':>9} {'vs plain':>9} {'CPU µs/call':>12} {'vs plain':>9}")
    for name, figures in result["configurations"].items():
        print(f"{name:<12} {figures['rps_median']:>9.0f} {figures['rps_vs_plain']:>9.2f} "
              f"{figures['cpu_us_per_call_median']:>12.1f} "
              f"{figures['cpu_per_call_vs_plain']:>9.2f}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
