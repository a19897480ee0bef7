"""Running remarkgraphd for the tests: a free loopback port, start, stop."""

from __future__ import annotations

import random
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import grpc


@dataclass
class Server:
    """A running remarkgraphd."""

    address: str
    process: subprocess.Popen[bytes]
    log: Path


def free_port() -> int:
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


def stop_server(process: subprocess.Popen[bytes]) -> int:
    """SIGTERM, then SIGKILL if it has not stopped within 20 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def start_server(
    binary: str, data_dir: Path, log: Path, *, flags: Sequence[str] = (), port: int | None = None
) -> Server | None:
    """Starts the server with extra ``flags`` on ``port`` (default: a free
    one); None if it exits before serving (the port was taken in between)."""
    port = port or free_port()
    address = f"127.0.0.1:{port}"
    with open(log, "ab") as sink:
        process = subprocess.Popen(
            [binary, f"--listen={address}", f"--data_dir={data_dir}", "--shutdown_grace=5s", *flags],
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
    stop_server(process)
    raise RuntimeError(f"remarkgraphd did not start serving on {address} within 30 s; see {log}")
