"""Fixtures: a real remarkgraphd on a free loopback port, and a small graph.

The server binary comes from the REMARKGRAPHD environment variable (CTest
passes the one it built). The server runs with a temporary data directory
for the whole session and is stopped with SIGTERM at the end, whatever the
tests' outcome.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import grpc
import pytest

from remarkgraph import Client

from graph_data import SampleGraph, write_sample_graph


@dataclass
class Server:
    """A running remarkgraphd."""

    address: str
    process: subprocess.Popen[bytes]
    log: Path


def _free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on.

    It is drawn at random below the kernel's ephemeral range, so that another
    program's "bind to port 0" cannot be handed the same port between this
    check and the server's start (gRPC servers share a port silently with
    SO_REUSEPORT).
    """
    try:
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768
    candidates = random.Random().sample(range(20000, max(low, 20100)), 50)
    for port in candidates:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _stop(process: subprocess.Popen[bytes]) -> int:
    """SIGTERM, then SIGKILL if it has not stopped within 20 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def _start(binary: str, data_dir: Path, log: Path) -> Server | None:
    """Starts the server on a free port; None if it exits before serving
    (the port was taken in between)."""
    port = _free_port()
    address = f"127.0.0.1:{port}"
    with open(log, "ab") as sink:
        process = subprocess.Popen(
            [binary, f"--listen={address}", f"--data_dir={data_dir}", "--shutdown_grace=5s"],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    with grpc.insecure_channel(address) as channel:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return None
            try:
                grpc.channel_ready_future(channel).result(timeout=0.5)
                return Server(address=address, process=process, log=log)
            except grpc.FutureTimeoutError:
                continue
    _stop(process)
    raise RuntimeError(f"remarkgraphd did not start serving on {address} within 30 s; see {log}")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A remarkgraphd serving an empty database for the session."""
    binary = os.environ.get("REMARKGRAPHD")
    if not binary:
        pytest.skip("REMARKGRAPHD is not set to the server binary")
    root = tmp_path_factory.mktemp("remarkgraphd")
    log = root / "server.log"
    started = None
    for attempt in range(3):
        started = _start(binary, root / f"data-{attempt}", log)
        if started is not None:
            break
    if started is None:
        raise RuntimeError(f"remarkgraphd exited at start three times:\n{log.read_text(errors='replace')}")
    try:
        yield started
    finally:
        status = _stop(started.process)
        if status != 0:
            print(log.read_text(errors="replace"))
            raise RuntimeError(f"remarkgraphd exited with status {status} on SIGTERM")


@pytest.fixture(scope="session")
def client(server: Server) -> Iterator[Client]:
    """A client of the session's server, with a 10 s default deadline."""
    with Client(server.address, timeout=10.0) as connected:
        yield connected


@pytest.fixture(scope="session")
def graph(client: Client) -> SampleGraph:
    """The sample graph, written once through WriteService."""
    return write_sample_graph(client)
