"""Read the text out of a PDF response (pypdf), for checking what a printout says."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_pages(response) -> list[str]:
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(content)).pages]


def pdf_text(response) -> str:
    return " ".join(pdf_pages(response))
