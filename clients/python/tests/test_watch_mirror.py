"""The change-feed example (examples/mirror.py) keeps a copy equal to the graph.

The copy is made from an export, then kept in step through WatchService while
writes of every sort go on: upserts, replacements, edge deletes and a node
delete that takes its edges. It is compared with a fresh export. Then the
copy is reopened from its file, as a restarted program would, and carries on
from the sequence it stored.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from types import ModuleType

import grpc
import pytest

from remarkgraph import Client
from remarkgraph.v1 import import_service_pb2, import_service_pb2_grpc
from remarkgraph.v1 import resources_pb2 as rg
from remarkgraph.v1 import write_service_pb2
from rg_server import Server


def _load_example() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "examples" / "mirror.py"
    spec = importlib.util.spec_from_file_location("mirror_example", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mirror_example = _load_example()


def _export(channel: grpc.Channel) -> tuple[int, dict, dict]:
    """The sequence, nodes and edges of a fresh export."""
    stub = import_service_pb2_grpc.ImportServiceStub(channel)
    sequence, nodes, edges = None, {}, {}
    for message in stub.ExportGraph(import_service_pb2.ExportGraphRequest(), timeout=30):
        if sequence is None:
            sequence = message.sequence
        if message.HasField("node"):
            nodes[message.node.name] = message.node
        elif message.HasField("edge"):
            edge = message.edge
            edges[(edge.source, edge.kind, edge.target)] = edge
    assert sequence
    return sequence, nodes, edges


def _catch_up(mirror, channel: grpc.Channel, sequence: int) -> None:
    """Follows the feed until the copy holds everything up to `sequence`."""
    deadline = time.monotonic() + 30

    def done(message) -> bool:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the copy did not reach sequence {sequence}")
        return message.resume_sequence > sequence and not message.commit_continues

    mirror_example.follow(mirror, channel, done=done, retry_delay=0.1)


def _assert_same(mirror, channel: grpc.Channel) -> int:
    sequence, nodes, edges = _export(channel)
    _catch_up(mirror, channel, sequence)
    assert mirror.nodes() == nodes
    assert mirror.edges() == edges
    assert mirror.resume_sequence() > sequence
    return sequence


def _meeting(name: str, title: str, date: str) -> rg.Node:
    return rg.Node(name=name, kind=rg.NODE_KIND_MEETING, title=title, meeting=rg.MeetingDetails(date=date))


def test_the_example_keeps_a_copy_equal_to_the_graph(server: Server, client: Client, tmp_path: Path) -> None:
    client.upsert_nodes([rg.Node(name="bodies/mirror-board", title="Mirror board")])
    path = str(tmp_path / "mirror.sqlite")
    mirror = mirror_example.Mirror(path)
    with grpc.insecure_channel(server.address) as channel:
        _assert_same(mirror, channel)  # the first copy comes from an export

        client.upsert_nodes([_meeting(f"meetings/mirror-{i}", f"Mirror meeting {i}", "2024-01-0" + str(i + 1))
                             for i in range(3)])
        client.upsert_edges([rg.Edge(source=f"meetings/mirror-{i}", target="bodies/mirror-board",
                                     kind=rg.EDGE_KIND_HELD_BY) for i in range(3)])
        client.upsert_nodes([rg.Node(name="people/mirror-ito", title="Ito"),
                             rg.Node(name="people/mirror-sato", title="Sato")])
        client.upsert_edges([rg.Edge(source=person, target="meetings/mirror-0", kind=rg.EDGE_KIND_ATTENDED)
                             for person in ("people/mirror-ito", "people/mirror-sato")])
        client.upsert_nodes([_meeting("meetings/mirror-1", "Mirror meeting 1, renamed", "2024-02-02")])
        client.delete_edges([write_service_pb2.EdgeKey(source="meetings/mirror-2", target="bodies/mirror-board",
                                                       kind=rg.EDGE_KIND_HELD_BY)])
        client.delete_nodes(["meetings/mirror-0"])  # and its three edges
        _assert_same(mirror, channel)
        nodes = mirror.nodes()
        assert "meetings/mirror-0" not in nodes
        assert nodes["meetings/mirror-1"].meeting.date == "2024-02-02"
        assert ("people/mirror-ito", rg.EDGE_KIND_ATTENDED, "meetings/mirror-0") not in mirror.edges()
        stored = mirror.resume_sequence()
        mirror.close()

        # A restarted program: the copy and its position come from the file.
        client.upsert_nodes([rg.Node(name="people/mirror-ueda", title="Ueda")])
        client.delete_nodes(["people/mirror-sato"])
        reopened = mirror_example.Mirror(path)
        assert reopened.resume_sequence() == stored
        try:
            _assert_same(reopened, channel)
            assert "people/mirror-ueda" in reopened.nodes()
            assert "people/mirror-sato" not in reopened.nodes()
        finally:
            reopened.close()


def test_a_position_the_server_no_longer_holds_means_a_fresh_copy(server: Server, tmp_path: Path) -> None:
    mirror = mirror_example.Mirror(str(tmp_path / "stale.sqlite"))
    with grpc.insecure_channel(server.address) as channel:
        latest, _, _ = _export(channel)
        with mirror.db:
            mirror.db.execute("INSERT INTO nodes VALUES ('bodies/gone', x'')")
            mirror._set_position(latest + 100)  # a history the server never had
        try:
            _assert_same(mirror, channel)
            assert "bodies/gone" not in mirror.nodes()
        finally:
            mirror.close()
