"""Writes to the audit log. Views call ``record_access_log`` on every client page view."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from recovery.audit.models import AccessAction, RecordAccess


def _client_ip(request) -> str | None:
    # Behind a proxy, SECURITY: trust only REMOTE_ADDR as set by the WSGI server
    # (gunicorn's --forwarded-allow-ips decides whether that is the proxy's view).
    return request.META.get("REMOTE_ADDR") or None


def _access_row(*, request, subject_code: uuid.UUID, subject_type: str, action: str, detail: str, reason: str = ""):
    return RecordAccess(
        user=request.user,
        subject_type=subject_type,
        subject_code=subject_code,
        action=action,
        detail=detail[:200],
        reason=reason.strip(),
        ip_address=_client_ip(request),
        request_id=getattr(request, "request_id", ""),
    )


def record_access_log(
    *,
    request,
    subject_code: uuid.UUID,
    subject_type: str = "client",
    action: str = AccessAction.VIEWED,
    detail: str = "",
    reason: str = "",
) -> RecordAccess:
    """Record that the requesting user viewed, exported or printed a record."""
    if action == AccessAction.BREAK_GLASS and not reason.strip():
        raise ValueError("Break-glass access needs a reason.")
    row = _access_row(
        request=request,
        subject_code=subject_code,
        subject_type=subject_type,
        action=action,
        detail=detail,
        reason=reason,
    )
    row.save()
    return row


def record_access_log_many(
    *, request, subject_codes: Iterable[uuid.UUID], subject_type: str = "client", detail: str = ""
) -> int:
    """Record that the requesting user viewed several records on one page (a register, a roster):
    one row each, as opening each record would write, in a single insert."""
    rows = [
        _access_row(
            request=request, subject_code=code, subject_type=subject_type, action=AccessAction.VIEWED, detail=detail
        )
        for code in subject_codes
    ]
    RecordAccess.objects.bulk_create(rows)
    return len(rows)
