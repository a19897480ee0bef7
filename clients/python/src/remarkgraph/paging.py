"""Iterating over every page of a listing.

The list calls of GraphService (ListNodes, ListEdges, SearchRemarks,
GetDossier) return at most ``page_size`` results and a ``next_page_token``
that is empty on the last page. :func:`iter_pages` follows the tokens to the
end, so that callers see one stream of results.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, Optional, Protocol, TypeVar


class PagedRequest(Protocol):
    """A request message with a ``page_token`` field."""

    page_token: str

    def CopyFrom(self, other: Any) -> None: ...  # noqa: N802 (protobuf's name)


class PagedResponse(Protocol):
    """A response message with a ``next_page_token`` field."""

    @property
    def next_page_token(self) -> str: ...


RequestT = TypeVar("RequestT", bound=PagedRequest)
ResponseT = TypeVar("ResponseT", bound=PagedResponse)


class PagingError(RuntimeError):
    """The server handed back a page token it had already given."""


def iter_pages(
    call: Callable[..., ResponseT],
    request: RequestT,
    *,
    timeout: Optional[float] = None,
) -> Iterator[ResponseT]:
    """Yields every page of a list call, from ``request.page_token`` on.

    ``call`` is a stub method such as ``GraphServiceStub.ListNodes``; it is
    called once per page, with ``timeout`` seconds for each page when given.
    The request is copied, never changed. The iteration ends after the page
    whose ``next_page_token`` is empty; a token that comes back a second time
    raises :class:`PagingError` rather than looping for ever.
    """
    page_request = type(request)()
    page_request.CopyFrom(request)
    seen: set[str] = set()
    while True:
        response = call(page_request, timeout=timeout)
        yield response
        token = response.next_page_token
        if not token:
            return
        if token in seen:
            raise PagingError(f"page token {token!r} was returned twice")
        seen.add(token)
        page_request.page_token = token


ItemT = TypeVar("ItemT")


def iter_items(
    call: Callable[..., ResponseT],
    request: RequestT,
    items: Callable[[ResponseT], Any],
    *,
    timeout: Optional[float] = None,
) -> Iterator[Any]:
    """Yields the results of every page of a list call, in order.

    ``items`` picks a page's results from its response (``lambda r: r.nodes``).
    """
    for page in iter_pages(call, request, timeout=timeout):
        yield from items(page)
