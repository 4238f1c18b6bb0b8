"""Small helpers every client view uses."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from clients import selectors
from clients.access import can_change_client, can_lead_client, client_for_user
from clients.models import Client
from recovery.audit.models import AccessAction
from recovery.audit.services import record_access_log
from recovery.core.pdf import render_pdf
from recovery.core.registries import client_tabs

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


def client_tab_links(request: HttpRequest, client) -> list[dict]:
    tabs = []
    for tab in sorted(client_tabs, key=lambda entry: (entry.order, entry.key)):
        if tab.visible is not None and not tab.visible(request.user, client):
            continue
        url = reverse(tab.url_name, args=[client.code])
        tabs.append({"label": tab.label, "url": url, "current": request.path.startswith(url)})
    return tabs


def client_context(request: HttpRequest, client, **extra) -> dict:
    """Context every client page shares: the header, the tabs and what the user may do."""
    return {
        "client": client,
        "header": selectors.client_header(client=client),
        "client_tabs": client_tab_links(request, client),
        "can_change": can_change_client(request.user, client),
        "can_lead": can_lead_client(request.user, client),
        **extra,
    }


def client_pdf_response(
    request: HttpRequest, client, *, template: str, context: dict[str, Any], filename: str, detail: str
) -> HttpResponse:
    """Render a PDF for download and log it as an export of the client's record."""
    pdf = render_pdf(
        template=template,
        context={"client": client, "printed_by": request.user, "printed_at": timezone.localtime(), **context},
    )
    record_access_log(request=request, subject_code=client.code, action=AccessAction.EXPORTED, detail=detail)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
