#!/usr/bin/env python3
"""Keeps a copy of the graph in a SQLite file, in step with the server.

    python examples/mirror.py [--target HOST:PORT] [--db mirror.sqlite]

The first run copies the whole graph with ExportGraph, which says the
sequence its snapshot holds, then follows WatchService.Watch from that
sequence + 1. Each commit is applied in one SQLite transaction together with
the sequence to resume from, so that the copy and its position never
disagree: stop the program (or lose the connection, or restart the server)
and the next run carries on from where the copy stands, with no change
missed or applied twice. When the server no longer keeps the changes from
there (OUT_OF_RANGE), the copy is made again from a fresh export.

The server defaults to $REMARKGRAPH_SERVER, else localhost:50051.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from typing import Callable, Optional

import grpc

from remarkgraph.v1 import (
    import_service_pb2,
    import_service_pb2_grpc,
    resources_pb2,
    watch_service_pb2,
    watch_service_pb2_grpc,
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (name TEXT PRIMARY KEY, record BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS edges (
  source TEXT NOT NULL, kind INTEGER NOT NULL, target TEXT NOT NULL, record BLOB NOT NULL,
  PRIMARY KEY (source, kind, target));
CREATE TABLE IF NOT EXISTS position (id INTEGER PRIMARY KEY CHECK (id = 1), resume_sequence INTEGER NOT NULL);
"""

# Codes after which the stream is opened again from the stored position.
_RETRYABLE = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED,
              grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.RESOURCE_EXHAUSTED}


class Mirror:
    """A copy of the graph in SQLite, and where it stands in the change feed."""

    def __init__(self, path: str) -> None:
        self.db = sqlite3.connect(path)
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    def resume_sequence(self) -> Optional[int]:
        """The sequence to Watch from; None before the first copy."""
        row = self.db.execute("SELECT resume_sequence FROM position WHERE id = 1").fetchone()
        return None if row is None else int(row[0])

    def copy_from_export(self, imports: import_service_pb2_grpc.ImportServiceStub) -> int:
        """Replaces the copy with a fresh export; returns the sequence to watch from."""
        sequence = None
        with self.db:  # one transaction: the old copy stays until the new one is whole
            self.db.execute("DELETE FROM nodes")
            self.db.execute("DELETE FROM edges")
            for message in imports.ExportGraph(import_service_pb2.ExportGraphRequest()):
                if sequence is None:
                    sequence = message.sequence
                if message.HasField("node"):
                    self._put_node(message.node)
                elif message.HasField("edge"):
                    self._put_edge(message.edge)
            if sequence is None:
                raise RuntimeError("the export sent no message")
            self._set_position(sequence + 1)
        return sequence + 1

    def apply(self, events: list[watch_service_pb2.ChangeEvent], resume_sequence: int) -> None:
        """Applies one commit's events and the position after them, atomically."""
        with self.db:
            for event in events:
                upsert = event.op == watch_service_pb2.CHANGE_OP_UPSERT
                if event.HasField("node"):
                    if upsert:
                        self._put_node(event.node)
                    else:
                        # A node delete comes after the deletes of its edges.
                        self.db.execute("DELETE FROM nodes WHERE name = ?", (event.node.name,))
                elif upsert:
                    self._put_edge(event.edge)
                else:
                    edge = event.edge
                    self.db.execute("DELETE FROM edges WHERE source = ? AND kind = ? AND target = ?",
                                    (edge.source, edge.kind, edge.target))
            self._set_position(resume_sequence)

    def nodes(self) -> dict[str, resources_pb2.Node]:
        """Every node of the copy, by name."""
        return {name: resources_pb2.Node.FromString(record)
                for name, record in self.db.execute("SELECT name, record FROM nodes")}

    def edges(self) -> dict[tuple[str, int, str], resources_pb2.Edge]:
        """Every edge of the copy, by (source, kind, target)."""
        return {(source, kind, target): resources_pb2.Edge.FromString(record)
                for source, kind, target, record in self.db.execute(
                    "SELECT source, kind, target, record FROM edges")}

    def _put_node(self, node: resources_pb2.Node) -> None:
        self.db.execute("INSERT OR REPLACE INTO nodes VALUES (?, ?)", (node.name, node.SerializeToString()))

    def _put_edge(self, edge: resources_pb2.Edge) -> None:
        self.db.execute("INSERT OR REPLACE INTO edges VALUES (?, ?, ?, ?)",
                        (edge.source, edge.kind, edge.target, edge.SerializeToString()))

    def _set_position(self, resume_sequence: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO position VALUES (1, ?)", (resume_sequence,))


def follow(mirror: Mirror, channel: grpc.Channel, *,
           done: Callable[[watch_service_pb2.WatchResponse], bool] = lambda _: False,
           retry_delay: float = 1.0) -> None:
    """Keeps `mirror` in step until `done` says so after a message.

    A dropped stream is opened again from the stored position; a position the
    server no longer keeps means a fresh copy.
    """
    imports = import_service_pb2_grpc.ImportServiceStub(channel)
    watch = watch_service_pb2_grpc.WatchServiceStub(channel)
    while True:
        resume = mirror.resume_sequence()
        if resume is None:
            resume = mirror.copy_from_export(imports)
        pending: list[watch_service_pb2.ChangeEvent] = []
        stream = watch.Watch(watch_service_pb2.WatchRequest(from_sequence=resume))
        try:
            for message in stream:
                pending.extend(message.events)
                if not message.commit_continues:  # a whole commit (or more) is here
                    if pending or message.resume_sequence != resume:
                        mirror.apply(pending, message.resume_sequence)
                        resume = message.resume_sequence
                    pending = []
                if done(message):
                    stream.cancel()
                    return
        except grpc.RpcError as error:
            code = error.code()
            if code == grpc.StatusCode.OUT_OF_RANGE:
                print(f"re-copying: {error.details()}", file=sys.stderr)
                mirror.copy_from_export(imports)
            elif code in _RETRYABLE:
                time.sleep(retry_delay)
            else:
                raise


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", default=os.environ.get("REMARKGRAPH_SERVER", "localhost:50051"))
    parser.add_argument("--db", default="mirror.sqlite", help="the SQLite file holding the copy")
    arguments = parser.parse_args()
    mirror = Mirror(arguments.db)

    def report(message: watch_service_pb2.WatchResponse) -> bool:
        if message.events:
            print(f"applied {len(message.events)} changes; at {message.resume_sequence - 1}, "
                  f"server at {message.latest_sequence}", flush=True)
        return False

    with grpc.insecure_channel(arguments.target) as channel:
        try:
            follow(mirror, channel, done=report)
        except KeyboardInterrupt:
            pass
        except grpc.RpcError as error:
            print(f"{error.code().name}: {error.details()}", file=sys.stderr)
            return 1
        finally:
            mirror.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
