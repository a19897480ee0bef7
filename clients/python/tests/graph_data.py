"""A small invented graph: a harbour board's three meetings about a quay.

At the first meeting a dredging plan for the north quay is put to a
decision; five remarks speak to it (one support, one concern, one question,
the chair's opening and the chair's adoption) and the secretariat answers
the question. At the second a progress report on the same matter is heard
and two members take positions on the matter itself. The third meeting's
remark is about something else. Seventeen visitors attend the first
meeting, so that the people listing runs to several pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from remarkgraph import Client
from remarkgraph.v1 import resources_pb2 as rg

MATTER = "matters/north-quay"
DECISION = "meetings/hb-1/items/d1"
REPORT = "meetings/hb-2/items/r1"
MEMBERS = {
    "people/ito": "Ito Kana",
    "people/sato": "Sato Jun",
    "people/kimura": "Kimura Aya",
    "people/nakano": "Nakano Ryo",
    "people/ueda": "Ueda Mio",
}
VISITORS = [f"people/visitor-{i:02d}" for i in range(1, 18)]
MEETINGS = {
    "meetings/hb-1": ("Harbour Board, 1st meeting", "2024-03-05"),
    "meetings/hb-2": ("Harbour Board, 2nd meeting", "2024-06-11"),
    "meetings/hb-3": ("Harbour Board, 3rd meeting", "2024-09-17"),
}

# (remark, speaker, label, text, [(edge kind, target, stance)])
REMARKS = [
    ("meetings/hb-1/remarks/1", "people/ito", "Chair Ito",
     "We now take up the dredging plan for the north quay.",
     [(rg.EDGE_KIND_REFERENCES, DECISION, rg.STANCE_UNSPECIFIED)]),
    ("meetings/hb-1/remarks/2", "people/sato", "Member Sato",
     "I support the dredging plan; the berths need the depth.",
     [(rg.EDGE_KIND_REFERENCES, DECISION, rg.STANCE_SUPPORT)]),
    ("meetings/hb-1/remarks/3", "people/kimura", "Member Kimura",
     "The dredging plan worries me: the silt may be contaminated.",
     [(rg.EDGE_KIND_REFERENCES, DECISION, rg.STANCE_CONCERN)]),
    ("meetings/hb-1/remarks/4", "people/sato", "Member Sato",
     "How will the silt be tested before it is dumped?",
     [(rg.EDGE_KIND_REFERENCES, DECISION, rg.STANCE_QUESTION)]),
    ("meetings/hb-1/remarks/5", "people/ueda", "Secretariat",
     "An accredited laboratory will test samples from every section.",
     [(rg.EDGE_KIND_REPLIES_TO, "meetings/hb-1/remarks/4", rg.STANCE_UNSPECIFIED)]),
    ("meetings/hb-1/remarks/6", "people/ito", "Chair Ito",
     "Hearing no objection, the dredging plan is adopted.",
     [(rg.EDGE_KIND_ADOPTS, DECISION, rg.STANCE_UNSPECIFIED)]),
    ("meetings/hb-2/remarks/1", "people/ueda", "Secretariat",
     "Dredging of the north quay is half done; the silt tests were clean.",
     [(rg.EDGE_KIND_REFERENCES, REPORT, rg.STANCE_UNSPECIFIED)]),
    ("meetings/hb-2/remarks/2", "people/kimura", "Member Kimura",
     "With clean silt tests I now support the quay renewal.",
     [(rg.EDGE_KIND_REFERENCES, MATTER, rg.STANCE_SUPPORT)]),
    ("meetings/hb-2/remarks/3", "people/nakano", "Member Nakano",
     "I oppose widening the renewal budget again.",
     [(rg.EDGE_KIND_REFERENCES, MATTER, rg.STANCE_OPPOSE)]),
    ("meetings/hb-3/remarks/1", "people/sato", "Member Sato",
     "The winter ferry timetable should start in November.",
     []),
]


@dataclass(frozen=True)
class SampleGraph:
    """What was written, for the tests to compare against."""

    people: tuple[str, ...]
    remarks: tuple[str, ...]


def _node(name: str, title: str = "") -> rg.Node:
    return rg.Node(name=name, title=title)


def _edge(source: str, kind: rg.EdgeKind, target: str, stance: rg.Stance = rg.STANCE_UNSPECIFIED) -> rg.Edge:
    return rg.Edge(source=source, kind=kind, target=target, stance=stance)


def write_sample_graph(client: Client) -> SampleGraph:
    """Writes the graph in two calls (nodes, then edges)."""
    nodes = [_node("bodies/harbour-board", "Harbour Board"), _node(MATTER, "North quay renewal")]
    for name, (title, date) in MEETINGS.items():
        nodes.append(rg.Node(name=name, title=title, meeting=rg.MeetingDetails(date=date)))
    nodes.append(rg.Node(name=DECISION, title="Dredging plan for the north quay",
                         item=rg.ItemDetails(item_kind=rg.ITEM_KIND_DECISION, outcome=rg.ITEM_OUTCOME_ADOPTED,
                                             ordinal=1)))
    nodes.append(rg.Node(name=REPORT, title="Dredging progress",
                         item=rg.ItemDetails(item_kind=rg.ITEM_KIND_REPORT, ordinal=1)))
    nodes.extend(_node(name, title) for name, title in MEMBERS.items())
    nodes.extend(_node(name, f"Visitor {name[-2:]}") for name in VISITORS)
    for remark, _, label, text, _ in REMARKS:
        ordinal = int(remark.rsplit("/", 1)[1])
        nodes.append(rg.Node(name=remark, remark=rg.RemarkDetails(ordinal=ordinal, speaker_label=label, text=text)))
    created = client.upsert_nodes(nodes)
    assert created.created == len(nodes), created

    edges = [
        _edge(DECISION, rg.EDGE_KIND_ABOUT, MATTER),
        _edge(REPORT, rg.EDGE_KIND_ABOUT, MATTER),
        _edge("meetings/hb-1", rg.EDGE_KIND_HAS_ITEM, DECISION),
        _edge("meetings/hb-2", rg.EDGE_KIND_HAS_ITEM, REPORT),
    ]
    for meeting in MEETINGS:
        edges.append(_edge(meeting, rg.EDGE_KIND_HELD_BY, "bodies/harbour-board"))
        edges.extend(_edge(person, rg.EDGE_KIND_ATTENDED, meeting) for person in MEMBERS)
    edges.extend(_edge(person, rg.EDGE_KIND_ATTENDED, "meetings/hb-1") for person in VISITORS)
    for remark, speaker, _, _, links in REMARKS:
        edges.append(_edge(remark, rg.EDGE_KIND_IN_MEETING, remark.rsplit("/remarks/", 1)[0]))
        edges.append(_edge(remark, rg.EDGE_KIND_SPOKEN_BY, speaker))
        edges.extend(_edge(remark, kind, target, stance) for kind, target, stance in links)
    linked = client.upsert_edges(edges)
    assert linked.created == len(edges), linked
    return SampleGraph(
        people=tuple(sorted([*MEMBERS, *VISITORS])),
        remarks=tuple(remark for remark, *_ in REMARKS),
    )
