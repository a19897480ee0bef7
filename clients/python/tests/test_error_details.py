"""remarkgraph.error_details against a real remarkgraphd: the google.rpc
details of each kind of error, and the refusals that carry none."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import grpc
import pytest

from remarkgraph import Client, ResourceInfo, error_details
from remarkgraph.errors import ERROR_DOMAIN
from remarkgraph.v1 import resources_pb2 as rg
from remarkgraph.v1 import watch_service_pb2 as wt
from remarkgraph.v1 import watch_service_pb2_grpc as wt_grpc

from graph_data import SampleGraph
from limited_server import server_with
from rg_server import Server


def rpc_error(call: object) -> grpc.RpcError:
    """Runs ``call`` and returns the RpcError it raises."""
    with pytest.raises(grpc.RpcError) as raised:
        call()  # type: ignore[operator]
    return raised.value


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server taking one Watch stream and messages of up to 1 MiB."""
    root = tmp_path_factory.mktemp("limited")
    with server_with(root, ["--max_watch_streams=1", "--max_message_mb=1"]) as (server, _):
        yield server


def test_not_found_carries_the_resource(client: Client, graph: SampleGraph) -> None:
    details = error_details(rpc_error(lambda: client.get_node("people/nobody")))
    assert details.code == grpc.StatusCode.NOT_FOUND
    assert details.message == 'node "people/nobody" not found'
    assert details.domain == ERROR_DOMAIN
    assert details.reason == "NODE_NOT_FOUND"
    assert details.resource == ResourceInfo(type="node", name="people/nobody")
    assert details.field_violations == []
    assert details.retry_delay is None
    assert details.status is not None and details.status.code == grpc.StatusCode.NOT_FOUND.value[0]


def test_invalid_argument_names_the_field(client: Client, graph: SampleGraph) -> None:
    bad = rg.Node(name="meetings/hb-9", kind=rg.NODE_KIND_PERSON)
    details = error_details(rpc_error(lambda: client.upsert_nodes([rg.Node(name="people/x"), bad])))
    assert details.code == grpc.StatusCode.INVALID_ARGUMENT
    assert details.reason == "INVALID_FIELD"
    assert details.field == "nodes[1].kind"
    assert details.metadata == {"field": "nodes[1].kind"}
    [violation] = details.field_violations
    assert violation.field == "nodes[1].kind"
    assert violation.description and not violation.description.startswith("nodes[1].kind")
    assert details.resource is None


def test_resource_exhausted_says_when_to_retry(limited: Server) -> None:
    with grpc.insecure_channel(limited.address) as channel:
        stub = wt_grpc.WatchServiceStub(channel)
        holding = stub.Watch(wt.WatchRequest(), timeout=20)
        try:
            next(holding)  # the stream's first heartbeat: it holds the one slot
            refused = stub.Watch(wt.WatchRequest(), timeout=20)
            details = error_details(rpc_error(lambda: next(refused)))
        finally:
            holding.cancel()
    assert details.code == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert details.domain == ERROR_DOMAIN
    assert details.reason == "RESOURCE_EXHAUSTED"
    assert details.retry_delay == 1.0


def test_a_message_over_the_limit_is_refused_without_details(limited: Server) -> None:
    # gRPC refuses it before any service code runs (docs/api.md, Errors).
    node = rg.Node(name="documents/too-large", kind=rg.NODE_KIND_DOCUMENT,
                   properties={"body": "x" * (2 << 20)})
    with Client(limited.address) as client:
        details = error_details(rpc_error(lambda: client.upsert_nodes([node])))
        assert details.code == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert "larger than max" in details.message
        assert details.status is None
        assert details.reason == ""
        assert rpc_error(lambda: client.get_node("documents/too-large")).code() == grpc.StatusCode.NOT_FOUND
