#!/usr/bin/env python3
"""Prints who said what about a decision, report or matter, then every meeting.

    python examples/dossier.py [--target HOST:PORT] [--page-size N] SUBJECT

SUBJECT is an item (``meetings/hb-1/items/d1``) or a matter
(``matters/north-quay``). The server defaults to $REMARKGRAPH_SERVER, else
localhost:50051. Both listings are fetched ``--page-size`` at a time, to show
the page iterators at work.
"""

from __future__ import annotations

import argparse
import os
import sys

import grpc

from remarkgraph import Client
from remarkgraph.v1 import resources_pb2


def _count(n: int, noun: str) -> str:
    """``1 remark``, ``2 remarks``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("subject", help="resource name of an item or a matter")
    parser.add_argument("--target", default=os.environ.get("REMARKGRAPH_SERVER", "localhost:50051"))
    parser.add_argument("--page-size", type=int, default=0, help="results per call (0: the server's default)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per call")
    arguments = parser.parse_args()

    with Client(arguments.target, timeout=arguments.timeout) as client:
        try:
            dossier = client.get_dossier(arguments.subject, page_size=arguments.page_size)
            print(f"{dossier.title} ({dossier.subject}): "
                  f"{_count(dossier.total_remarks, 'remark')} in {_count(dossier.total_meetings, 'meeting')}")
            print("  stances: " + ", ".join(f"{stance} {count}" for stance, count in dossier.stance_counts.items()))
            if dossier.related:
                print("  related: " + ", ".join(dossier.related))
            for meeting in dossier.meetings:
                print(f"  {meeting.date or '(no date)'} {meeting.title} ({meeting.name})")
                for remark in meeting.remarks:
                    how = ", ".join(link.stance if link.kind == "REFERENCES" else link.kind.lower()
                                    for link in remark.links)
                    print(f"    {remark.ordinal}. {remark.speaker_title} [{how}]: {remark.text}")

            print("Meetings:")
            for node in client.list_nodes(resources_pb2.NODE_KIND_MEETING, page_size=arguments.page_size):
                print(f"{node.name}  {node.meeting.date or '-'}  {node.title}")
        except grpc.RpcError as error:
            print(f"{error.code().name}: {error.details()}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
