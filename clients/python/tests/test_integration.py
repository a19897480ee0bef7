"""The Python client against a real remarkgraphd."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import grpc
import pytest

from remarkgraph import Client, iter_pages
from remarkgraph.client import default_channel_options
from remarkgraph.v1 import graph_service_pb2 as gs
from remarkgraph.v1 import graph_service_pb2_grpc as gs_grpc
from remarkgraph.v1 import resources_pb2 as rg
from remarkgraph.v1 import write_service_pb2 as ws

from rg_server import Server
from graph_data import DECISION, MATTER, REPORT, SampleGraph

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "dossier.py"


def rpc_error(call: object) -> grpc.RpcError:
    """Runs ``call`` and returns the RpcError it raises."""
    with pytest.raises(grpc.RpcError) as raised:
        call()  # type: ignore[operator]
    return raised.value


# Dossiers.


def test_matter_dossier_groups_remarks_by_meeting_newest_first(client: Client, graph: SampleGraph) -> None:
    dossier = client.get_dossier(MATTER)
    assert dossier.subject == MATTER
    assert dossier.title == "North quay renewal"
    assert sorted(dossier.related) == [DECISION, REPORT]
    assert [m.name for m in dossier.meetings] == ["meetings/hb-2", "meetings/hb-1"]
    assert [m.date for m in dossier.meetings] == ["2024-06-11", "2024-03-05"]
    assert [r.name.rsplit("/", 1)[1] for r in dossier.meetings[1].remarks] == ["1", "2", "3", "4", "6"]
    assert [r.ordinal for r in dossier.meetings[0].remarks] == [1, 2, 3]
    assert dossier.total_remarks == 8
    assert dossier.total_meetings == 2
    assert not dossier.truncated


def test_matter_dossier_counts_each_stance(client: Client, graph: SampleGraph) -> None:
    dossier = client.get_dossier(MATTER)
    assert dossier.stance_counts == {"none": 3, "support": 2, "concern": 1, "question": 1, "oppose": 1}
    assert sum(dossier.stance_counts.values()) == dossier.total_remarks


def test_dossier_remarks_carry_speaker_and_links(client: Client, graph: SampleGraph) -> None:
    remarks = {r.name: r for r in client.get_dossier(DECISION).remarks}
    assert list(remarks) == [f"meetings/hb-1/remarks/{i}" for i in (1, 2, 3, 4, 6)]
    concern = remarks["meetings/hb-1/remarks/3"]
    assert (concern.speaker, concern.speaker_title) == ("people/kimura", "Kimura Aya")
    assert concern.stances == ("concern",)
    assert concern.text.startswith("The dredging plan worries me")
    adoption = remarks["meetings/hb-1/remarks/6"]
    assert [(link.kind, link.target, link.stance) for link in adoption.links] == [("ADOPTS", DECISION, "none")]


def test_decision_dossier_names_its_matter(client: Client, graph: SampleGraph) -> None:
    dossier = client.get_dossier(DECISION)
    assert dossier.related == [MATTER]
    assert (dossier.total_remarks, dossier.total_meetings) == (5, 1)
    assert dossier.stance_counts == {"none": 2, "support": 1, "concern": 1, "question": 1}


def test_dossier_pages_merge_into_the_single_page_answer(client: Client, graph: SampleGraph) -> None:
    whole = client.get_dossier(MATTER, page_size=1000)
    pages = list(client.dossier_pages(MATTER, page_size=3))
    assert len(pages) == 3
    assert [page.next_page_token == "" for page in pages] == [False, False, True]
    paged = client.get_dossier(MATTER, page_size=3)
    assert [r.name for r in paged.remarks] == [r.name for r in whole.remarks]
    assert len(set(r.name for r in paged.remarks)) == 8
    # hb-1's remarks span the second and third pages and merge into one group.
    assert [m.name for m in paged.meetings] == ["meetings/hb-2", "meetings/hb-1"]
    assert paged == whole


# Paging.


def test_list_nodes_pages_to_the_end_without_gaps_or_repeats(client: Client, graph: SampleGraph) -> None:
    request = gs.ListNodesRequest(kind=rg.NODE_KIND_PERSON, page_size=4)
    pages = list(iter_pages(client.graph.ListNodes, request))
    assert len(pages) == 6  # 22 people, 4 a page
    assert all(len(page.nodes) == 4 for page in pages[:-1])
    assert pages[-1].next_page_token == ""
    names = [node.name for page in pages for node in page.nodes]
    assert names == list(graph.people)
    assert request.page_token == "", "iter_pages must not change the caller's request"
    assert [n.name for n in client.list_nodes(rg.NODE_KIND_PERSON, page_size=5)] == list(graph.people)


def test_list_nodes_filters_by_meeting_and_person(client: Client, graph: SampleGraph) -> None:
    remarks = [n.name for n in client.list_nodes(rg.NODE_KIND_REMARK, meeting="meetings/hb-2", page_size=1)]
    assert remarks == [f"meetings/hb-2/remarks/{i}" for i in (1, 2, 3)]
    attended = [n.name for n in client.list_nodes(rg.NODE_KIND_MEETING, person="people/visitor-03")]
    assert attended == ["meetings/hb-1"]


def test_list_edges_pages_match_one_big_page(client: Client, graph: SampleGraph) -> None:
    def key(edge: rg.Edge) -> tuple[str, int, str]:
        return (edge.source, edge.kind, edge.target)

    small = [key(e) for e in client.list_edges("meetings/hb-1", direction=rg.DIRECTION_BOTH, page_size=3)]
    large = [key(e) for e in client.list_edges("meetings/hb-1", direction=rg.DIRECTION_BOTH, page_size=1000)]
    assert small == large
    assert len(set(small)) == len(small) == 1 + 1 + 22 + 6  # held by, has item, attendees, remarks
    incoming = list(client.list_edges("meetings/hb-1", direction=rg.DIRECTION_INCOMING,
                                      kinds=[rg.EDGE_KIND_IN_MEETING], page_size=4))
    assert [e.source for e in incoming] == [f"meetings/hb-1/remarks/{i}" for i in range(1, 7)]


def test_search_pages_through_every_match(client: Client, graph: SampleGraph) -> None:
    hits = list(client.search_remarks("DREDGING", page_size=2))
    assert [h.remark.name for h in hits] == [
        "meetings/hb-1/remarks/1",
        "meetings/hb-1/remarks/2",
        "meetings/hb-1/remarks/3",
        "meetings/hb-1/remarks/6",
        "meetings/hb-2/remarks/1",
    ]
    assert all("redging" in h.snippet for h in hits)
    later = [h.remark.name for h in client.search_remarks("silt", start_date="2024-06-01")]
    assert later == ["meetings/hb-2/remarks/1", "meetings/hb-2/remarks/2"]


# Traversals.


def test_traverse_streams_hits_then_one_summary(client: Client, graph: SampleGraph) -> None:
    request = gs.TraverseRequest(
        seeds=["people/sato"],
        steps=[
            gs.TraversalStep(direction=rg.DIRECTION_INCOMING, edge_kinds=[rg.EDGE_KIND_SPOKEN_BY]),
            gs.TraversalStep(direction=rg.DIRECTION_OUTGOING, edge_kinds=[rg.EDGE_KIND_REFERENCES]),
        ],
    )
    messages = list(client.graph.Traverse(request))
    assert [m.WhichOneof("result") for m in messages] == ["hit"] * 4 + ["summary"]
    summary = messages[-1].summary
    assert not summary.truncated
    assert summary.nodes_visited >= 4

    result = client.traverse(request)
    assert result.names[:3] == [
        "meetings/hb-1/remarks/2",
        "meetings/hb-1/remarks/4",
        "meetings/hb-3/remarks/1",
    ]
    assert result.names[3:] == [DECISION]
    assert [hit.depth for hit in result.hits] == [1, 1, 1, 2]
    assert result.hits[3].via.kind == rg.EDGE_KIND_REFERENCES


def test_traverse_reports_a_budget_cut_in_the_summary(client: Client, graph: SampleGraph) -> None:
    request = gs.TraverseRequest(
        seeds=["meetings/hb-1"],
        steps=[gs.TraversalStep(direction=rg.DIRECTION_INCOMING)],
        budget=rg.QueryBudget(max_nodes=3),
    )
    result = client.traverse(request)
    assert len(result.hits) <= 3
    assert result.summary.truncated
    assert result.summary.truncation_reason == rg.TRUNCATION_REASON_MAX_NODES


def test_transitive_reply_chain(client: Client, graph: SampleGraph) -> None:
    request = gs.TraverseRequest(
        seeds=["meetings/hb-1/remarks/5"],
        steps=[gs.TraversalStep(direction=rg.DIRECTION_OUTGOING, edge_kinds=[rg.EDGE_KIND_REPLIES_TO])],
        repeat_last_step=True,
        include_seeds=True,
    )
    result = client.traverse(request)
    assert result.names == ["meetings/hb-1/remarks/5", "meetings/hb-1/remarks/4"]
    assert [hit.depth for hit in result.hits] == [0, 1]


# Errors.


def test_invalid_argument_names_the_field(client: Client, graph: SampleGraph) -> None:
    bad = rg.Node(name="meetings/hb-9", kind=rg.NODE_KIND_PERSON)
    error = rpc_error(lambda: client.upsert_nodes([rg.Node(name="people/never-stored"), bad]))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "nodes[1].kind" in error.details()
    assert rpc_error(lambda: client.get_node("people/never-stored")).code() == grpc.StatusCode.NOT_FOUND

    error = rpc_error(lambda: list(client.list_nodes(rg.NODE_KIND_PERSON, page_size=-1)))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "page_size" in error.details()

    error = rpc_error(lambda: client.graph.ListNodes(gs.ListNodesRequest()))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "kind" in error.details()


def test_not_found_names_the_missing_node(client: Client, graph: SampleGraph) -> None:
    error = rpc_error(lambda: client.get_node("people/nobody"))
    assert error.code() == grpc.StatusCode.NOT_FOUND
    assert "people/nobody" in error.details()
    error = rpc_error(lambda: client.batch_get_nodes(["people/sato", "people/nobody"]))
    assert error.code() == grpc.StatusCode.NOT_FOUND
    assert "people/nobody" in error.details()
    error = rpc_error(lambda: client.delete_nodes(["people/nobody"]))
    assert error.code() == grpc.StatusCode.NOT_FOUND
    assert client.delete_nodes(["people/nobody"], allow_missing=True).deleted_nodes == 0


def test_edge_to_a_missing_node_is_a_failed_precondition(client: Client, graph: SampleGraph) -> None:
    before = list(client.list_edges("people/sato", page_size=1000))
    edges = [
        rg.Edge(source="people/sato", kind=rg.EDGE_KIND_ATTENDED, target="meetings/hb-3"),
        rg.Edge(source="people/sato", kind=rg.EDGE_KIND_ATTENDED, target="meetings/hb-404"),
    ]
    error = rpc_error(lambda: client.upsert_edges(edges))
    assert error.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "meetings/hb-404" in error.details()
    assert list(client.list_edges("people/sato", page_size=1000)) == before


def test_writes_are_idempotent_and_deletes_cascade(client: Client, graph: SampleGraph) -> None:
    client.upsert_nodes([rg.Node(name="topics/tides", title="Tides")])
    again = client.upsert_nodes([rg.Node(name="topics/tides", title="Tides and currents")])
    assert (again.created, again.updated) == (0, 1)
    assert client.get_node("topics/tides").title == "Tides and currents"
    linked = client.upsert_edges([rg.Edge(source="meetings/hb-3/remarks/1", kind=rg.EDGE_KIND_MENTIONS,
                                          target="topics/tides")])
    assert linked.created == 1
    deleted = client.delete_nodes(["topics/tides"])
    assert (deleted.deleted_nodes, deleted.deleted_edges) == (1, 1)
    key = ws.EdgeKey(source="meetings/hb-3/remarks/1", kind=rg.EDGE_KIND_MENTIONS, target="topics/tides")
    assert client.delete_edges([key]).deleted == 0


def test_default_deadline_applies_to_calls_without_one(graph: SampleGraph) -> None:
    # Nothing listens on the port; with wait_for_ready a call waits for a
    # server until its deadline, so the deadline is all that ends it.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{probe.getsockname()[1]}"
    request = gs.GetNodeRequest(name="people/sato")
    with Client(address, timeout=0.3) as hurried:
        started = time.monotonic()
        future = hurried.graph.GetNode.future(request, wait_for_ready=True)
        try:
            error = future.exception(timeout=10)
        finally:
            future.cancel()
        assert isinstance(error, grpc.RpcError)
        assert error.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        assert 0.25 <= time.monotonic() - started < 5

        started = time.monotonic()
        error = rpc_error(lambda: hurried.graph.GetNode(request, timeout=1.0, wait_for_ready=True))
        assert error.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        assert time.monotonic() - started >= 0.9, "a call's own timeout wins over the default"


# The example.


def test_example_prints_the_dossier_and_the_listing(server: Server, graph: SampleGraph) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), "--target", server.address, "--page-size", "2", MATTER],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "North quay renewal (matters/north-quay): 8 remarks in 2 meetings" in lines
    assert "  stances: none 3, support 2, concern 1, question 1, oppose 1" in lines
    assert "    3. Nakano Ryo [oppose]: I oppose widening the renewal budget again." in lines
    assert lines[-3:] == [
        "meetings/hb-1  2024-03-05  Harbour Board, 1st meeting",
        "meetings/hb-2  2024-06-11  Harbour Board, 2nd meeting",
        "meetings/hb-3  2024-09-17  Harbour Board, 3rd meeting",
    ]


def test_a_response_past_grpcs_default_4_mib_is_received(server: Server, client: Client, graph: SampleGraph) -> None:
    # 120 documents of 60 KiB of base64 (which compresses little): one page
    # of about 7 MiB, past gRPC's default receive limit of 4 MiB even when
    # the server compresses it, within the server's 16 MiB.
    names = [f"documents/large-{i}" for i in range(120)]
    nodes = [rg.Node(name=name, properties={"body": base64.b64encode(os.urandom(45 << 10)).decode()})
             for name in names]
    for start in range(0, len(nodes), 20):
        client.upsert_nodes(nodes[start:start + 20])
    try:
        request = gs.ListNodesRequest(kind=rg.NODE_KIND_DOCUMENT, page_size=1000)
        page = client.graph.ListNodes(request)
        assert [node.name for node in page.nodes if node.name in names] == sorted(names)
        assert page.ByteSize() > 6 << 20
        # A channel without the client's defaults cannot take it.
        with grpc.insecure_channel(server.address) as plain:
            error = rpc_error(lambda: gs_grpc.GraphServiceStub(plain).ListNodes(request, timeout=10))
        assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    finally:
        client.delete_nodes(names, allow_missing=True)


def test_the_service_config_ships_with_the_package() -> None:
    options = dict(default_channel_options())
    config = json.loads(options["grpc.service_config"])
    policies = {(name["service"], name.get("method", "")): method["retryPolicy"]
                for method in config["methodConfig"] for name in method["name"]}
    assert policies[("remarkgraph.v1.GraphService", "")]["retryableStatusCodes"] == ["UNAVAILABLE", "RESOURCE_EXHAUSTED"]
    assert "ABORTED" in policies[("remarkgraph.v1.ImportService", "ImportMinutes")]["retryableStatusCodes"]
    assert ("remarkgraph.v1.WriteService", "DeleteNodes") not in policies
    assert options["grpc.max_receive_message_length"] == 16 << 20
