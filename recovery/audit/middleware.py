"""Request id and audit context for every request."""

from __future__ import annotations

import re
import uuid

from pghistory.middleware import HistoryMiddleware

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give each request an id (a proxy's X-Request-ID if well formed) and echo it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class AuditContextMiddleware(HistoryMiddleware):
    """pghistory's user + URL context, plus the request id, on every write request."""

    def get_context(self, request):
        return {**super().get_context(request), "request_id": getattr(request, "request_id", "")}
