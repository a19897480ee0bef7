"""A dossier as plain data: GetDossier's pages merged into dataclasses.

GetDossier answers with the remarks that reference a decision, report or
matter, grouped by meeting, newest meeting first, a page at a time.
:func:`dossier_from_pages` joins the pages (a meeting may continue on the
next page) into one :class:`Dossier` whose fields are plain Python values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from remarkgraph.v1 import graph_service_pb2, resources_pb2


def stance_name(stance: int) -> str:
    """The short lower-case name of a stance: ``support``, ``concern``,
    ``question``, ``oppose``, or ``none`` for STANCE_UNSPECIFIED."""
    if stance == resources_pb2.STANCE_UNSPECIFIED:
        return "none"
    return resources_pb2.Stance.Name(stance).removeprefix("STANCE_").lower()


def edge_kind_name(kind: int) -> str:
    """The short upper-case name of an edge kind (``REFERENCES``)."""
    return resources_pb2.EdgeKind.Name(kind).removeprefix("EDGE_KIND_")


@dataclass(frozen=True)
class DossierLink:
    """An edge from a remark to the subject, or to one of its items."""

    target: str
    """Resource name of the node referenced (the subject or an item of it)."""
    kind: str
    """Edge kind, short name: ``REFERENCES`` or ``ADOPTS``."""
    stance: str
    """Stance of a REFERENCES edge, as :func:`stance_name` gives it."""


@dataclass(frozen=True)
class DossierRemark:
    """A remark that references the subject."""

    name: str
    """The remark's resource name."""
    ordinal: int
    """Position in its meeting, from 1."""
    text: str
    """The words of the remark."""
    speaker: str
    """A person's resource name; empty when the speaker is not resolved."""
    speaker_title: str
    """The person's name, or the speaker label as printed when unresolved."""
    links: tuple[DossierLink, ...]
    """How the remark references the subject."""

    @property
    def stances(self) -> tuple[str, ...]:
        """The stances of the remark's links, in link order."""
        return tuple(link.stance for link in self.links)


@dataclass
class DossierMeeting:
    """The referencing remarks of one meeting."""

    name: str
    """The meeting's resource name."""
    title: str
    """The meeting's title."""
    date: str
    """``YYYY-MM-DD``, or empty when unknown."""
    remarks: list[DossierRemark] = field(default_factory=list)
    """Its remarks, by ordinal."""


@dataclass
class Dossier:
    """Every remark, in any meeting, that references a subject."""

    subject: str
    """Resource name of the decision, report or matter."""
    title: str
    """The subject's title."""
    related: list[str] = field(default_factory=list)
    """For a matter the items about it; for an item the matter(s) it is about."""
    meetings: list[DossierMeeting] = field(default_factory=list)
    """Remarks grouped by meeting, newest meeting first."""
    total_remarks: int = 0
    """Referencing remarks (over all pages)."""
    total_meetings: int = 0
    """Distinct meetings (over all pages)."""
    stance_counts: dict[str, int] = field(default_factory=dict)
    """Remarks per stance, keyed by :func:`stance_name`; only stances that occur."""
    truncated: bool = False
    """True when the server scanned only part of the references."""

    @property
    def remarks(self) -> list[DossierRemark]:
        """Every remark, meeting by meeting."""
        return [remark for meeting in self.meetings for remark in meeting.remarks]


def _remark(message: graph_service_pb2.DossierRemark) -> DossierRemark:
    details = message.remark.remark
    return DossierRemark(
        name=message.remark.name,
        ordinal=details.ordinal,
        text=details.text,
        speaker=message.speaker,
        speaker_title=message.speaker_title,
        links=tuple(
            DossierLink(target=edge.target, kind=edge_kind_name(edge.kind), stance=stance_name(edge.stance))
            for edge in message.links
        ),
    )


def dossier_from_pages(pages: Iterable[graph_service_pb2.GetDossierResponse]) -> Dossier:
    """Merges GetDossier responses, first page first, into a :class:`Dossier`.

    Totals, stance counts and related nodes are taken from the first page
    (every page carries the same); ``truncated`` is set if any page says so.
    """
    dossier: Dossier | None = None
    for page in pages:
        if dossier is None:
            dossier = Dossier(
                subject=page.subject.name,
                title=page.subject.title,
                related=[node.name for node in page.related],
                total_remarks=page.total_remarks,
                total_meetings=page.total_meetings,
                stance_counts={stance_name(s.stance): s.count for s in page.stances},
            )
        dossier.truncated = dossier.truncated or page.stats.truncated
        for group in page.meetings:
            if dossier.meetings and dossier.meetings[-1].name == group.meeting.name:
                meeting = dossier.meetings[-1]
            else:
                meeting = DossierMeeting(
                    name=group.meeting.name,
                    title=group.meeting.title,
                    date=group.meeting.meeting.date,
                )
                dossier.meetings.append(meeting)
            meeting.remarks.extend(_remark(remark) for remark in group.remarks)
    if dossier is None:
        raise ValueError("no pages")
    return dossier
