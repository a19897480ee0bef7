"""Python client for remarkgraph, a graph of meetings, decisions and remarks.

The generated messages and stubs live in :mod:`remarkgraph.v1`; this
package adds a :class:`Client` with a default deadline, iterators over every
page of a listing, dossiers as plain dataclasses, and the google.rpc details
of errors decoded (:func:`error_details`).
"""

from importlib import metadata as _metadata

from remarkgraph.client import DEFAULT_TIMEOUT, Client, Traversal, TraversalError
from remarkgraph.dossier import (
    Dossier,
    DossierLink,
    DossierMeeting,
    DossierRemark,
    dossier_from_pages,
    edge_kind_name,
    stance_name,
)
from remarkgraph.errors import ErrorDetails, FieldViolation, ResourceInfo, error_details
from remarkgraph.paging import PagingError, iter_items, iter_pages

__all__ = [
    "DEFAULT_TIMEOUT",
    "Client",
    "Dossier",
    "DossierLink",
    "DossierMeeting",
    "DossierRemark",
    "ErrorDetails",
    "FieldViolation",
    "PagingError",
    "ResourceInfo",
    "Traversal",
    "TraversalError",
    "dossier_from_pages",
    "edge_kind_name",
    "error_details",
    "iter_items",
    "iter_pages",
    "stance_name",
]

try:  # The installed distribution's version: the project's VERSION file, via pyproject.toml.
    __version__ = _metadata.version("remarkgraph")
except _metadata.PackageNotFoundError:  # imported from a source tree, not installed
    __version__ = "0+unknown"
