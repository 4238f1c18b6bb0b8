"""PDF rendering with WeasyPrint, shared by client copies, risk summaries and commissioner reports.

Templates extend ``pdf/base.html``. WeasyPrint gets a URL fetcher that only serves our own
static files (and inline ``data:`` URLs such as SVG charts): a PDF can never make the server
fetch an arbitrary URL, whatever text ends up in a record.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs such as /static/css/pdf.css resolve against this; nothing is ever fetched from it.
PDF_BASE_URL = "https://recovery.invalid/"
STATIC_BASE_URL = f"{PDF_BASE_URL}{settings.STATIC_URL.strip('/')}/"


def _static_path(relative: str) -> Path | None:
    found = finders.find(relative)
    if found:
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / relative
    return collected if collected.is_file() else None


class StaticOnlyFetcher(URLFetcher):
    """Serves our static files and data: URLs; refuses everything else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STATIC_BASE_URL):
            relative = url[len(STATIC_BASE_URL) :].split("?", 1)[0].split("#", 1)[0]
            path = _static_path(relative) if ".." not in relative else None
            if path is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})
        raise ValueError(f"PDFs may only use Recovery's own static files, not {url}")


def render_pdf(*, template: str, context: dict[str, Any]) -> bytes:
    """Render a Django template to PDF bytes."""
    html = render_to_string(template, context)
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()
