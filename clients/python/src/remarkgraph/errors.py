"""The error details of a failed call, decoded.

Every error the server's services return carries, besides its code and
message, a ``google.rpc.Status`` in the ``grpc-status-details-bin`` trailer
(AIP-193). :func:`error_details` turns a ``grpc.RpcError`` into an
:class:`ErrorDetails` holding what it says::

    try:
        client.get_node("people/nobody")
    except grpc.RpcError as error:
        details = error_details(error)
        if details.reason == "NODE_NOT_FOUND":
            print(details.resource)          # ResourceInfo(type='node', name='people/nobody')

Refusals that gRPC makes before the service sees a call (a request over the
server's message limit, a caller without a valid identity or role) carry no
details: their :attr:`ErrorDetails.status` is ``None`` and only ``code`` and
``message`` are set (docs/api.md, Errors).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as _field
from typing import Optional

import grpc
from google.rpc import error_details_pb2, status_pb2
from grpc_status import rpc_status

ERROR_DOMAIN = "remarkgraph.io"
"""The ErrorInfo domain of every error the server returns."""


@dataclass(frozen=True)
class FieldViolation:
    """One wrong field of a request (google.rpc.BadRequest)."""

    field: str
    """The path as spelled in the request: ``nodes[3].properties["note"]``."""
    description: str


@dataclass(frozen=True)
class ResourceInfo:
    """The resource a NOT_FOUND is about (google.rpc.ResourceInfo)."""

    type: str
    """``node`` or ``backup``."""
    name: str
    """The resource name or backup id asked for."""


@dataclass
class ErrorDetails:
    """What a failed call says, its google.rpc details decoded."""

    code: grpc.StatusCode
    message: str
    reason: str = ""
    """ErrorInfo's stable UPPER_SNAKE reason (``NODE_NOT_FOUND``,
    ``INVALID_FIELD``, ``CONCURRENT_CHANGE``, ...); empty without details."""
    domain: str = ""
    """ErrorInfo's domain: :data:`ERROR_DOMAIN` for the server's errors."""
    metadata: dict[str, str] = _field(default_factory=dict)
    """ErrorInfo's metadata; ``field`` names the request field at fault."""
    field_violations: list[FieldViolation] = _field(default_factory=list)
    """BadRequest's violations, for INVALID_ARGUMENT naming a field."""
    resource: Optional[ResourceInfo] = None
    """ResourceInfo, for NOT_FOUND of a node or backup."""
    retry_delay: Optional[float] = None
    """RetryInfo's delay in seconds, for ABORTED and RESOURCE_EXHAUSTED."""
    status: Optional[status_pb2.Status] = None
    """The google.rpc.Status as sent, or None when the error carried none."""

    @property
    def field(self) -> Optional[str]:
        """The request field the error is about, when it names one."""
        if self.field_violations:
            return self.field_violations[0].field
        return self.metadata.get("field")


def error_details(error: grpc.RpcError) -> ErrorDetails:
    """Decodes the google.rpc.Status that ``error`` carries.

    ``error`` is what a stub call raised (it is also a ``grpc.Call``), or a
    streaming call that ended in error. Details of types this module does not
    know are left in :attr:`ErrorDetails.status`. Raises ``ValueError`` when
    the details contradict the call's code or message (gRPC's own check).
    """
    call: grpc.Call = error  # type: ignore[assignment]
    details = ErrorDetails(code=call.code(), message=call.details() or "")
    status = rpc_status.from_call(call)
    if status is None:
        return details
    details.status = status
    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            details.reason = info.reason
            details.domain = info.domain
            details.metadata = dict(info.metadata)
        elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad_request = error_details_pb2.BadRequest()
            detail.Unpack(bad_request)
            details.field_violations = [
                FieldViolation(field=violation.field, description=violation.description)
                for violation in bad_request.field_violations
            ]
        elif detail.Is(error_details_pb2.ResourceInfo.DESCRIPTOR):
            resource = error_details_pb2.ResourceInfo()
            detail.Unpack(resource)
            details.resource = ResourceInfo(type=resource.resource_type, name=resource.resource_name)
        elif detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
            retry = error_details_pb2.RetryInfo()
            detail.Unpack(retry)
            details.retry_delay = retry.retry_delay.ToTimedelta().total_seconds()
    return details
