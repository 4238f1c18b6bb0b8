"""Small helpers every client view uses."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest

from clients.access import client_for_user
from clients.models import Client
from recovery.audit.services import record_access_log

PAGE_SIZE = 50


def open_client(request: HttpRequest, code, *, detail: str, for_change: bool = False) -> Client:
    """The access gate plus the access log: every client page view is recorded."""
    client = client_for_user(request.user, code, for_change=for_change)
    if request.method == "GET":
        record_access_log(request=request, subject_code=client.code, detail=detail)
    return client


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def template_for(request: HttpRequest, full: str, partial: str) -> str:
    """htmx requests that target part of the page get the partial; everything else the full page."""
    return partial if getattr(request, "htmx", False) and not request.htmx.boosted else full
