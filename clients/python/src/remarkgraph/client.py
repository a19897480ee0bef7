"""A small synchronous client for the remarkgraph server."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from types import TracebackType
from typing import Iterable, Iterator, Optional, Sequence

import grpc

from remarkgraph._deadline import DefaultTimeoutInterceptor
from remarkgraph.dossier import Dossier, dossier_from_pages
from remarkgraph.paging import iter_items, iter_pages
from remarkgraph.v1 import (
    graph_service_pb2,
    graph_service_pb2_grpc,
    resources_pb2,
    write_service_pb2,
    write_service_pb2_grpc,
)

DEFAULT_TIMEOUT = 10.0
MAX_MESSAGE_BYTES = 16 << 20
"""The largest message received: the server's default --max_message_mb."""


def default_channel_options() -> list[tuple[str, object]]:
    """The channel arguments every client starts from: the project's service
    config (retries of idempotent calls on UNAVAILABLE, and of writes and
    imports on ABORTED and RESOURCE_EXHAUSTED), and a receive limit as large
    as the server's default largest message."""
    config = resources.files("remarkgraph").joinpath("service_config.json").read_text()
    return [
        ("grpc.service_config", config),
        ("grpc.enable_retries", 1),
        ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ]

# Hits per message that traverse() asks of the server, unless the request
# sets its own: far fewer messages than one per hit.
HITS_PER_MESSAGE = 256
"""Seconds a call may take when neither the client nor the call sets a timeout."""


class TraversalError(RuntimeError):
    """A Traverse stream ended without its closing summary."""


@dataclass
class Traversal:
    """What a Traverse call streamed: the hits in order, then the summary."""

    hits: list[graph_service_pb2.TraversalHit] = field(default_factory=list)
    """Each node reached, once, by depth then discovery."""
    summary: resources_pb2.QueryStats = field(default_factory=resources_pb2.QueryStats)
    """The query's statistics and, if a budget cut the walk, why."""

    @property
    def names(self) -> list[str]:
        """The resource names of the nodes reached, in order."""
        return [hit.node.name for hit in self.hits]


class Client:
    """Connects to a remarkgraph server and wraps its GraphService and
    WriteService.

    Every call made through the client, including calls made directly on
    :attr:`graph` and :attr:`write`, gets a deadline of ``timeout`` seconds
    unless it passes its own ``timeout=``. Listing helpers apply the deadline
    to each page.

    >>> with Client("127.0.0.1:50051") as client:  # doctest: +SKIP
    ...     for meeting in client.list_nodes(resources_pb2.NODE_KIND_MEETING):
    ...         print(meeting.name, meeting.title)
    """

    def __init__(
        self,
        target: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        credentials: Optional[grpc.ChannelCredentials] = None,
        options: Sequence[tuple[str, object]] = (),
    ) -> None:
        """Opens a channel to ``target`` (``host:port``).

        The channel is insecure unless ``credentials`` are given; ``options``
        are gRPC channel arguments, over :func:`default_channel_options`
        (an option given here replaces the default of the same name).
        """
        merged = dict(default_channel_options())
        merged.update(dict(options))
        if credentials is None:
            channel = grpc.insecure_channel(target, options=list(merged.items()))
        else:
            channel = grpc.secure_channel(target, credentials, options=list(merged.items()))
        self._channel = channel
        self.timeout = timeout
        intercepted = grpc.intercept_channel(channel, DefaultTimeoutInterceptor(timeout))
        self.graph = graph_service_pb2_grpc.GraphServiceStub(intercepted)
        """The generated GraphService stub."""
        self.write = write_service_pb2_grpc.WriteServiceStub(intercepted)
        """The generated WriteService stub."""

    def close(self) -> None:
        """Closes the channel; calls in flight are cancelled."""
        self._channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.close()

    def wait_until_ready(self, timeout: Optional[float] = None) -> None:
        """Blocks until the channel is connected; raises
        ``grpc.FutureTimeoutError`` after ``timeout`` seconds (default: the
        client's)."""
        grpc.channel_ready_future(self._channel).result(timeout=timeout or self.timeout)

    # Reads.

    def get_node(self, name: str, *, timeout: Optional[float] = None) -> resources_pb2.Node:
        """Returns the node called ``name``; NOT_FOUND if there is none."""
        request = graph_service_pb2.GetNodeRequest(name=name)
        return self.graph.GetNode(request, timeout=timeout).node

    def batch_get_nodes(self, names: Iterable[str], *, timeout: Optional[float] = None) -> list[resources_pb2.Node]:
        """Returns the nodes called ``names``, in order; NOT_FOUND naming the
        first missing one."""
        request = graph_service_pb2.BatchGetNodesRequest(names=list(names))
        return list(self.graph.BatchGetNodes(request, timeout=timeout).nodes)

    def list_nodes(
        self,
        kind: resources_pb2.NodeKind,
        *,
        body: str = "",
        meeting: str = "",
        person: str = "",
        start_date: str = "",
        end_date: str = "",
        page_size: int = 0,
        timeout: Optional[float] = None,
    ) -> Iterator[resources_pb2.Node]:
        """Yields every node of ``kind`` that passes the filters, in
        resource-name order, fetching ``page_size`` at a time (0: the
        server's default)."""
        request = graph_service_pb2.ListNodesRequest(
            kind=kind,
            body=body,
            meeting=meeting,
            person=person,
            start_date=start_date,
            end_date=end_date,
            page_size=page_size,
        )
        return iter_items(self.graph.ListNodes, request, lambda page: page.nodes, timeout=timeout)

    def list_edges(
        self,
        name: str,
        *,
        direction: resources_pb2.Direction = resources_pb2.DIRECTION_OUTGOING,
        kinds: Iterable[resources_pb2.EdgeKind] = (),
        page_size: int = 0,
        timeout: Optional[float] = None,
    ) -> Iterator[resources_pb2.Edge]:
        """Yields every edge of the node ``name`` in ``direction`` (outgoing
        by default), of the given kinds (any when empty)."""
        request = graph_service_pb2.ListEdgesRequest(
            name=name, direction=direction, kinds=list(kinds), page_size=page_size
        )
        return iter_items(self.graph.ListEdges, request, lambda page: page.edges, timeout=timeout)

    def search_remarks(
        self,
        query: str,
        *,
        meeting: str = "",
        person: str = "",
        start_date: str = "",
        end_date: str = "",
        page_size: int = 0,
        timeout: Optional[float] = None,
    ) -> Iterator[graph_service_pb2.SearchHit]:
        """Yields every remark whose text contains ``query``, in the order
        the remarks were stored, with a snippet around the match."""
        request = graph_service_pb2.SearchRemarksRequest(
            query=query,
            meeting=meeting,
            person=person,
            start_date=start_date,
            end_date=end_date,
            page_size=page_size,
        )
        return iter_items(self.graph.SearchRemarks, request, lambda page: page.hits, timeout=timeout)

    def dossier_pages(
        self, name: str, *, page_size: int = 0, timeout: Optional[float] = None
    ) -> Iterator[graph_service_pb2.GetDossierResponse]:
        """Yields the raw GetDossier responses for ``name``, page by page."""
        request = graph_service_pb2.GetDossierRequest(name=name, page_size=page_size)
        return iter_pages(self.graph.GetDossier, request, timeout=timeout)

    def get_dossier(self, name: str, *, page_size: int = 0, timeout: Optional[float] = None) -> Dossier:
        """Returns the whole dossier of a decision, report or matter, every
        page fetched and merged."""
        return dossier_from_pages(self.dossier_pages(name, page_size=page_size, timeout=timeout))

    def traverse(
        self, request: graph_service_pb2.TraverseRequest, *, timeout: Optional[float] = None
    ) -> Traversal:
        """Runs a traversal and collects its stream.

        Hits come in batches of ``HITS_PER_MESSAGE`` unless the request sets
        ``hits_per_message`` itself. Raises :class:`TraversalError` if the
        stream ends without a summary or goes on after it.
        """
        if request.hits_per_message == 0:
            batched = graph_service_pb2.TraverseRequest()
            batched.CopyFrom(request)
            batched.hits_per_message = HITS_PER_MESSAGE
            request = batched
        result = Traversal()
        summarized = False
        for message in self.graph.Traverse(request, timeout=timeout):
            if summarized:
                raise TraversalError("the Traverse stream went on after its summary")
            if message.HasField("hit"):
                result.hits.append(message.hit)
            elif message.HasField("hits"):
                result.hits.extend(message.hits.hits)
            elif message.HasField("summary"):
                result.summary = message.summary
                summarized = True
        if not summarized:
            raise TraversalError("the Traverse stream ended without a summary")
        return result

    def find_paths(
        self, request: graph_service_pb2.FindPathsRequest, *, timeout: Optional[float] = None
    ) -> graph_service_pb2.FindPathsResponse:
        """Finds shortest paths between two nodes."""
        return self.graph.FindPaths(request, timeout=timeout)

    # Writes.

    def upsert_nodes(
        self, nodes: Iterable[resources_pb2.Node], *, timeout: Optional[float] = None
    ) -> write_service_pb2.UpsertNodesResponse:
        """Creates or replaces nodes (at most 1000, distinct names), atomically."""
        return self.write.UpsertNodes(write_service_pb2.UpsertNodesRequest(nodes=list(nodes)), timeout=timeout)

    def upsert_edges(
        self, edges: Iterable[resources_pb2.Edge], *, timeout: Optional[float] = None
    ) -> write_service_pb2.UpsertEdgesResponse:
        """Creates or replaces edges between existing nodes, atomically;
        FAILED_PRECONDITION if an endpoint does not exist."""
        return self.write.UpsertEdges(write_service_pb2.UpsertEdgesRequest(edges=list(edges)), timeout=timeout)

    def delete_edges(
        self, keys: Iterable[write_service_pb2.EdgeKey], *, timeout: Optional[float] = None
    ) -> write_service_pb2.DeleteEdgesResponse:
        """Deletes edges; missing ones are ignored."""
        return self.write.DeleteEdges(write_service_pb2.DeleteEdgesRequest(edges=list(keys)), timeout=timeout)

    def delete_nodes(
        self, names: Iterable[str], *, allow_missing: bool = False, timeout: Optional[float] = None
    ) -> write_service_pb2.DeleteNodesResponse:
        """Deletes nodes and their edges; NOT_FOUND for a missing node unless
        ``allow_missing``."""
        request = write_service_pb2.DeleteNodesRequest(names=list(names), allow_missing=allow_missing)
        return self.write.DeleteNodes(request, timeout=timeout)
