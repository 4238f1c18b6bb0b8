"""The three outputs of a report, all from the same prepared figures: the PDF (WeasyPrint with
``recovery.core.pdf``'s static-only URL fetcher), the CSV files (one per section, zipped) and the
preview's context.

CSV cells are escaped against spreadsheet formula injection: a cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a leading single quote, so a spreadsheet shows
it as text instead of running it (OWASP "CSV injection"). Numbers are written as numbers, fractions
rounded as the PDF shows them (``figures.rounded``).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.text import slugify
from weasyprint import HTML

from recovery.core.pdf import PDF_BASE_URL, StaticOnlyFetcher
from recovery.reports.figures import chart_groups, rounded, section_template
from recovery.reports.targets import STANDARD_TARGETS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_HEADER = ("Section", "Figure", "Breakdown", "Value", "Target")
# Fixed timestamp for zip entries, so the same figures give byte-identical files.
ZIP_TIMESTAMP = (2000, 1, 1, 0, 0, 0)


def csv_cell(value: Any) -> Any:
    """A value safe to open in a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return rounded(value)  # exactly the figure the PDF and the preview show
    if isinstance(value, int | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def section_csv(section: dict[str, Any]) -> str:
    """One section's rows as CSV text, after suppression (exactly what the PDF shows)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in section["rows"]:
        value = row["shown"] if row["suppressed"] or row["value"] is None else row["value"]
        writer.writerow(
            [csv_cell(cell) for cell in (section["title"], row["figure"], row["breakdown"], value, row["target"])]
        )
    return out.getvalue()


def csv_zip(*, figures: dict[str, Any]) -> bytes:
    """A zip with one CSV per section and a README with the period and the suppression rule."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, section in enumerate(figures["sections"], start=1):
            name = f"{number:02d}-{slugify(section['key']) or 'section'}.csv"
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIMESTAMP), section_csv(section).encode("utf-8-sig"))
        archive.writestr(zipfile.ZipInfo("README.txt", ZIP_TIMESTAMP), _readme(figures).encode("utf-8"))
    return buffer.getvalue()


def _readme(figures: dict[str, Any]) -> str:
    meta = figures["meta"]
    return (
        f"{meta['title']}\n{meta['services']}\n{meta['period_label']}\n\n"
        f"Counts from 1 to {meta['threshold'] - 1} in breakdowns are shown as <{meta['threshold']} so that "
        "nobody can be identified. Headline figures and totals are exact.\n"
        "Cells that could start a spreadsheet formula begin with a single quote.\n"
    )


def sections_for_output(figures: dict[str, Any], *, with_charts: bool) -> list[dict[str, Any]]:
    """Each section with the template that renders it and, for the PDF and preview, its charts."""
    prepared = []
    for number, section in enumerate(figures["sections"], start=1):
        prepared.append(
            {
                **section,
                "number": number,
                "anchor": f"section-{slugify(section['key'])}",
                "template": section_template(section["key"]),
                "charts": chart_groups(section["rows"]) if with_charts else [],
            }
        )
    return prepared


def targets_used(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target in the definition, with its label where it is a standard one."""
    labels = {target.figure: target.label for target in STANDARD_TARGETS}
    return [
        {"figure": figure, "label": labels.get(figure, figure), "target": value}
        for figure, value in sorted(figures["meta"]["targets"].items())
        if value is not None
    ]


def report_context(figures: dict[str, Any], *, with_charts: bool = True) -> dict[str, Any]:
    meta = figures["meta"]
    return {
        "meta": meta,
        "period_start": date.fromisoformat(meta["period_start"]),
        "period_end": date.fromisoformat(meta["period_end"]),
        "built_at": datetime.fromisoformat(meta["built_at"]),
        "sections": sections_for_output(figures, with_charts=with_charts),
        "targets": targets_used(figures),
        "incomplete": meta.get("incomplete", []),
    }


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int


def report_pdf(*, figures: dict[str, Any]) -> RenderedPdf:
    """The report as a PDF, and its number of pages (kept on the run).

    Rendered like ``recovery.core.pdf.render_pdf``, with its static-only URL fetcher, but through
    WeasyPrint's document so the page count comes with it.
    """
    html = render_to_string(
        "reports/pdf/report.html",
        {
            **report_context(figures),
            "printed_by": figures["meta"].get("requested_by", ""),
            "printed_at": datetime.fromisoformat(figures["meta"]["built_at"]),
        },
    )
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher()).render()
    return RenderedPdf(content=document.write_pdf(), pages=len(document.pages))
