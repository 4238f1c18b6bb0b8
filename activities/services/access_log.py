"""The record-access log for pages that show several people at once (a register).

A register shows the names and alerts of the people the viewer can see, so each of them gets
a ``RecordAccess`` row, as opening their record would; one insert for the whole page.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from recovery.audit.models import AccessAction, RecordAccess


def register_access_log(*, request, client_codes: Iterable[uuid.UUID], detail: str) -> int:
    rows = [
        RecordAccess(
            user=request.user,
            subject_type="client",
            subject_code=code,
            action=AccessAction.VIEWED,
            detail=detail[:200],
            ip_address=request.META.get("REMOTE_ADDR") or None,
            request_id=getattr(request, "request_id", ""),
        )
        for code in client_codes
    ]
    RecordAccess.objects.bulk_create(rows)
    return len(rows)
