"""Fixtures: a real remarkgraphd on a free loopback port, and a small graph.

The server binary comes from the REMARKGRAPHD environment variable (CTest
passes the one it built). The server runs with a temporary data directory
for the whole session and is stopped with SIGTERM at the end, whatever the
tests' outcome.
"""

from __future__ import annotations

import os
from typing import Iterator

import pytest

from remarkgraph import Client

from graph_data import SampleGraph, write_sample_graph
from rg_server import Server, start_server, stop_server


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
        started = start_server(binary, root / f"data-{attempt}", log)
        if started is not None:
            break
    if started is None:
        raise RuntimeError(f"remarkgraphd exited at start three times:\n{log.read_text(errors='replace')}")
    try:
        yield started
    finally:
        status = stop_server(started.process)
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
