"""The shipped service config's retry policy and the server's keepalive
policy, end to end against real remarkgraphd processes."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Iterator

import grpc
import pytest

from remarkgraph import Client, error_details
from remarkgraph.client import default_channel_options
from remarkgraph.v1 import graph_service_pb2 as gs
from remarkgraph.v1 import graph_service_pb2_grpc as gs_grpc
from remarkgraph.v1 import import_service_pb2 as im
from remarkgraph.v1 import import_service_pb2_grpc as im_grpc
from remarkgraph.v1 import resources_pb2 as rg
from remarkgraph.v1 import watch_service_pb2 as wt
from remarkgraph.v1 import watch_service_pb2_grpc as wt_grpc

from limited_server import handled, running_server, server_with, stopped
from rg_server import Server, free_port

NO_RETRIES = [("grpc.enable_retries", 0)]


def options(*extra: tuple[str, object]) -> list[tuple[str, object]]:
    """The client's default channel options, with ``extra`` over them."""
    merged = dict(default_channel_options())
    merged.update(dict(extra))
    return list(merged.items())


@pytest.fixture(scope="module")
def budgeted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, int]]:
    """A server whose import budget (64 MiB, the least) refuses minutes of
    900 kB, which fit its 2 MiB message limit."""
    root = tmp_path_factory.mktemp("budgeted")
    with server_with(root, ["--import_memory_mb=64", "--max_message_mb=2"]) as started:
        yield started


def test_an_import_over_the_budget_is_not_retried(budgeted: tuple[Server, int]) -> None:
    server, metrics_port = budgeted
    request = im.ImportMinutesRequest(content=b"x" * 900_000, source_name="too-large.txt")
    attempts = []
    for extra in ([], NO_RETRIES):
        before = handled(metrics_port, "ImportMinutes", "RESOURCE_EXHAUSTED")
        # gRPC keeps at most 256 KiB of a call's requests for retrying it
        # (grpc.per_rpc_retry_buffer_size) and commits a larger call to its
        # first attempt: the buffer is raised so that only the server's
        # pushback can stop the policy from retrying.
        retry_buffer = ("grpc.per_rpc_retry_buffer_size", 2 << 20)
        with grpc.insecure_channel(server.address, options=options(retry_buffer, *extra)) as channel:
            with pytest.raises(grpc.RpcError) as raised:
                im_grpc.ImportServiceStub(channel).ImportMinutes(request, timeout=30)
        assert raised.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        details = error_details(raised.value)
        assert details.reason == "IMPORT_OVER_MEMORY_BUDGET"
        assert details.retry_delay is None
        attempts.append(handled(metrics_port, "ImportMinutes", "RESOURCE_EXHAUSTED") - before)
    # The same request would need the same memory again: the server's
    # pushback (-1) stops the policy, which retries RESOURCE_EXHAUSTED.
    assert attempts == [1, 1]


@pytest.fixture(scope="module")
def one_watch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, int]]:
    """A server taking one Watch stream at a time."""
    root = tmp_path_factory.mktemp("one_watch")
    with server_with(root, ["--max_watch_streams=1"]) as started:
        yield started


def test_a_refused_watch_is_retried_after_the_servers_pushback(one_watch: tuple[Server, int]) -> None:
    server, metrics_port = one_watch
    with grpc.insecure_channel(server.address, options=options(*NO_RETRIES)) as plain:
        holding = wt_grpc.WatchServiceStub(plain).Watch(wt.WatchRequest(), timeout=30)
        next(holding)  # the first heartbeat: this stream holds the one slot
        # Without retries the second stream is refused at once.
        with pytest.raises(grpc.RpcError) as raised:
            next(wt_grpc.WatchServiceStub(plain).Watch(wt.WatchRequest(), timeout=30))
        assert raised.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert error_details(raised.value).retry_delay == 1.0

        before = handled(metrics_port, "Watch", "RESOURCE_EXHAUSTED")
        with grpc.insecure_channel(server.address, options=options()) as retrying:
            started = time.monotonic()
            second = wt_grpc.WatchServiceStub(retrying).Watch(wt.WatchRequest(), timeout=30)
            # The slot comes free while the refused attempt waits out the
            # server's pushback (its RetryInfo delay, 1 s).
            threading.Timer(0.3, holding.cancel).start()
            first = next(second)
            waited = time.monotonic() - started
            second.cancel()
    assert first is not None
    assert handled(metrics_port, "Watch", "RESOURCE_EXHAUSTED") - before >= 1
    # The retry came after the pushback's second, not the policy's 0.5 s
    # (gRPC adds no jitter to a pushback).
    assert waited >= 0.9, waited


def test_a_read_rides_over_a_server_restart_on_the_same_port(tmp_path: Path) -> None:
    port = free_port()
    server = running_server(tmp_path, [], port=port)
    try:
        with Client(server.address, timeout=30) as client:
            client.upsert_nodes([rg.Node(name="people/kept", kind=rg.NODE_KIND_PERSON, title="Kept")])
            assert client.get_node("people/kept").title == "Kept"
            stopped(server)
            # Nothing listens now: without retries the call fails at once.
            with grpc.insecure_channel(server.address, options=options(*NO_RETRIES)) as plain:
                with pytest.raises(grpc.RpcError) as raised:
                    gs_grpc.GraphServiceStub(plain).GetNode(gs.GetNodeRequest(name="people/kept"), timeout=30)
                assert raised.value.code() == grpc.StatusCode.UNAVAILABLE
            # The client's call starts while the server is down; the server
            # comes back on the same port meanwhile. The policy's attempts
            # (about 0.5, 1.5, 3.5 and 7.5 s after the first) outlast gRPC's
            # reconnect backoff (1 s, then 1.6 times longer each time).
            started = time.monotonic()
            call = client.graph.GetNode.future(gs.GetNodeRequest(name="people/kept"), timeout=30)
            time.sleep(0.3)
            assert not call.done(), "the first attempt failed; the policy's retry should be pending"
            server = running_server(tmp_path, [], port=port)
            assert call.result().node.title == "Kept"
            assert time.monotonic() - started >= 0.3
    finally:
        stopped(server)


# Keepalive: a client whose pings come more often than the server's
# --keepalive_min_ping_interval_ms allows is sent GOAWAY too_many_pings, and
# its channel drops the connection; one within the allowance keeps it.


def states_while_idle(address: str, client_ping_ms: int, seconds: float,
                      *, until_dropped: bool = False) -> list[grpc.ChannelConnectivity]:
    """The connectivity states of a channel that pings every
    ``client_ping_ms`` with no call in flight, over ``seconds`` (or until
    the connection is no longer READY, with ``until_dropped``)."""
    seen: list[grpc.ChannelConnectivity] = []
    changed = threading.Condition()

    def record(state: grpc.ChannelConnectivity) -> None:
        with changed:
            seen.append(state)
            changed.notify_all()

    channel_options = options(
        ("grpc.keepalive_time_ms", client_ping_ms),
        ("grpc.keepalive_permit_without_calls", 1),
        ("grpc.http2.max_pings_without_data", 0),  # gRPC stops at 2 without this
    )
    with grpc.insecure_channel(address, options=channel_options) as channel:
        grpc.channel_ready_future(channel).result(timeout=10)
        channel.subscribe(record, try_to_connect=False)
        with changed:
            if until_dropped:
                changed.wait_for(lambda: any(state != grpc.ChannelConnectivity.READY for state in seen),
                                 timeout=seconds)
            else:
                changed.wait_for(lambda: False, timeout=seconds)
        channel.unsubscribe(record)
    with changed:
        return list(seen)


@pytest.fixture(scope="module")
def keepalive_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server allowing client pings every 2 s, without calls too."""
    root = tmp_path_factory.mktemp("keepalive")
    with server_with(root, ["--keepalive_min_ping_interval_ms=2000",
                            "--keepalive_permit_without_calls=true"]) as (server, _):
        yield server


def test_a_client_pinging_too_often_is_sent_away(keepalive_server: Server) -> None:
    # Pings every 0.5 s: the third too early one (after about 1.5 s) costs
    # the connection; a loaded machine may take longer.
    states = states_while_idle(keepalive_server.address, 500, 20.0, until_dropped=True)
    assert states[0] == grpc.ChannelConnectivity.READY
    assert states[1:], f"the connection should have been closed by the server: {states}"


def test_a_client_pinging_within_the_allowance_keeps_its_connection(keepalive_server: Server) -> None:
    states = states_while_idle(keepalive_server.address, 2500, 6.0)
    assert states == [grpc.ChannelConnectivity.READY]
