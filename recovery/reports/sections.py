"""The section the reports app itself contributes: anonymised case studies chosen by the manager."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db.models import F

from recovery.reports.models import CaseStudy


def case_studies_compute(*, start: date, end: date, service_ids: Sequence[int]) -> dict[str, Any]:
    """Case studies picked for reports, not withdrawn, with consent recorded by the period's end."""
    studies = (
        CaseStudy.objects.filter(
            service_id__in=service_ids,
            include_in_reports=True,
            withdrawn_at__isnull=True,
            consent_recorded_on__lte=end,
        )
        .annotate(service_name=F("service__name"))
        .order_by("service__name", "-written_at", "-id")
        .values("title", "anonymised_text", "consent_recorded_on", "service_name")
    )
    return {
        "studies": [{**study, "consent_recorded_on": study["consent_recorded_on"].isoformat()} for study in studies]
    }


def case_studies_rows(data: dict[str, Any]) -> Iterable[tuple[str, str, Any]]:
    yield ("Case studies included", "", len(data["studies"]))
    for study in data["studies"]:
        yield ("Case study", study["title"], study["anonymised_text"])
