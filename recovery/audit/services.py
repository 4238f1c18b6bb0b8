"""Writes to the audit log. Views call ``record_access_log`` on every client page view."""

from __future__ import annotations

import uuid

from recovery.audit.models import AccessAction, RecordAccess


def _client_ip(request) -> str | None:
    # Behind a proxy, SECURITY: trust only REMOTE_ADDR as set by the WSGI server
    # (gunicorn's --forwarded-allow-ips decides whether that is the proxy's view).
    return request.META.get("REMOTE_ADDR") or None


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
    return RecordAccess.objects.create(
        user=request.user,
        subject_type=subject_type,
        subject_code=subject_code,
        action=action,
        detail=detail[:200],
        reason=reason.strip(),
        ip_address=_client_ip(request),
        request_id=getattr(request, "request_id", ""),
    )
