"""A remarkgraphd of its own for tests that need non-default flags (small
limits, metrics, keepalive), started and stopped by the test module."""

from __future__ import annotations

import contextlib
import os
import re
import urllib.request
from pathlib import Path
from typing import Iterator, Sequence

import pytest

from rg_server import Server, free_port, start_server, stop_server


def running_server(root: Path, flags: Sequence[str], *, port: int | None = None) -> Server:
    """Starts remarkgraphd with ``flags`` and a data directory under ``root``."""
    binary = os.environ.get("REMARKGRAPHD")
    if not binary:
        pytest.skip("REMARKGRAPHD is not set to the server binary")
    log = root / "server.log"
    for attempt in range(3):
        started = start_server(binary, root / "data", log, flags=flags, port=port)
        if started is not None:
            return started
    raise RuntimeError(f"remarkgraphd exited at start three times:\n{log.read_text(errors='replace')}")


def stopped(server: Server) -> None:
    """Stops ``server``; fails if it did not stop cleanly."""
    status = stop_server(server.process)
    if status != 0:
        raise RuntimeError(f"remarkgraphd exited with status {status}:\n{server.log.read_text(errors='replace')}")


@contextlib.contextmanager
def server_with(root: Path, flags: Sequence[str]) -> Iterator[tuple[Server, int]]:
    """A server with ``flags`` and metrics on a port of their own, for the
    ``with`` block: the server and its metrics port."""
    metrics_port = free_port()
    server = running_server(root, [*flags, f"--metrics_listen=127.0.0.1:{metrics_port}"])
    try:
        yield server, metrics_port
    finally:
        stopped(server)


def handled(metrics_port: int, method: str, code: str) -> int:
    """grpc_server_handled_total of ``method`` (``ImportMinutes``) with
    ``code`` (``RESOURCE_EXHAUSTED``), from a scrape of the server."""
    with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10) as response:
        text = response.read().decode()
    total = 0
    for line in text.splitlines():
        if line.startswith("grpc_server_handled_total{") and f'grpc_method="{method}"' in line \
                and f'grpc_code="{code}"' in line:
            total += int(float(re.split(r"\s+", line.strip())[-1]))
    return total
