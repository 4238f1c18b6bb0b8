"""The text of a report PDF, for comparing it with the CSV and the preview (pypdf is a test dependency)."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
