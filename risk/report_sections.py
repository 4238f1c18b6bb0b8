"""Commissioner report sections from risk records: in-date risk assessments at the end of the
period, risk reviews on time, and safeguarding concerns by Care Act category.
See ``clients.report_sections`` for the shape of a section."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from clients.models import Episode
from clients.report_sections import episodes_in, open_at_end
from recovery.reports.helpers import percent
from recovery.reports.periods import LONDON, period_bounds
from risk.choices import CareActCategory, LocalAuthorityReferral
from risk.models import RiskAssessment, SafeguardingConcern

Row = tuple[str, str, Any]


def risk_assessments_compute(*, start: date, end: date, service_ids: Sequence[int]) -> dict[str, Any]:
    """People on the caseload at the end whose newest assessment agreed by then was still in date, and
    agreed on or after the day the support open at the end started.

    Assessments are the person's, not an episode's, and ending support does not end them: for someone
    referred again, an assessment from their earlier support is not an assessment of their current one.
    """
    # The start of each caseload member's support open at the end (the latest, were two open).
    started_on = dict(
        episodes_in(service_ids)
        .filter(open_at_end(end))
        .order_by("client_id", "started_on")
        .values_list("client_id", "started_on")
    )
    caseload = list(started_on)
    _, until = period_bounds(end, end)
    newest = (
        RiskAssessment.objects.filter(client_id__in=caseload, agreed_at__lt=until)
        .order_by("client_id", "-agreed_at", "-number")
        .distinct("client_id")
        .values_list("client_id", "agreed_at", "review_due_on")
    )
    in_date = sum(
        1
        for client_id, agreed_at, due in newest
        if due is not None and due >= end and agreed_at.astimezone(LONDON).date() >= started_on[client_id]
    )
    return {"caseload_at_end": len(caseload), "in_date": in_date, "percent": percent(in_date, len(caseload))}


def risk_assessments_rows(data: dict[str, Any]) -> Iterable[Row]:
    yield ("Caseload at the end of the period", "", data["caseload_at_end"])
    yield ("Clients with an in-date risk assessment", "", data["in_date"])
    yield ("Clients with an in-date risk assessment (%)", "", data["percent"])


def risk_reviews_compute(*, start: date, end: date, service_ids: Sequence[int]) -> dict[str, Any]:
    """Agreed versions whose review date fell in the period while the person was being supported; on
    time when the next version was agreed on or before that date."""
    versions = list(
        RiskAssessment.objects.filter(client__team__service_id__in=service_ids, agreed_at__isnull=False)
        .order_by("client_id", "number")
        .values_list("client_id", "number", "agreed_at", "review_due_on")
    )
    due_versions = [row for row in versions if row[3] is not None and start <= row[3] <= end]
    client_ids = {row[0] for row in due_versions}
    spells: dict[int, list[tuple[date | None, date | None]]] = defaultdict(list)
    for client_id, started_on, ended_on in Episode.objects.filter(client_id__in=client_ids).values_list(
        "client_id", "started_on", "ended_on"
    ):
        spells[client_id].append((started_on, ended_on))
    agreed_by_client: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for client_id, number, agreed_at, _ in versions:
        agreed_by_client[client_id].append((number, agreed_at.astimezone(LONDON).date()))
    due = on_time = 0
    for client_id, number, _, review_due_on in due_versions:
        supported = any(
            started is not None and started <= review_due_on and (ended is None or ended >= review_due_on)
            for started, ended in spells[client_id]
        )
        if not supported:
            continue
        due += 1
        later = [agreed_on for other, agreed_on in agreed_by_client[client_id] if other > number]
        if later and min(later) <= review_due_on:
            on_time += 1
    return {"due": due, "on_time": on_time, "percent": percent(on_time, due)}


def risk_reviews_rows(data: dict[str, Any]) -> Iterable[Row]:
    yield ("Risk reviews due", "", data["due"])
    yield ("Risk reviews done on time", "", data["on_time"])
    yield ("Risk reviews done late or not yet done", "", data["due"] - data["on_time"])
    yield ("Risk reviews done on time (%)", "", data["percent"])


def safeguarding_compute(*, start: date, end: date, service_ids: Sequence[int]) -> dict[str, Any]:
    since, until = period_bounds(start, end)
    concerns = list(
        SafeguardingConcern.objects.filter(
            client__team__service_id__in=service_ids, raised_at__gte=since, raised_at__lt=until
        ).values_list("client_id", "categories", "la_referral")
    )
    categories = Counter(category for _, chosen, _ in concerns for category in set(chosen))
    return {
        "concerns": len(concerns),
        "people": len({client_id for client_id, _, _ in concerns}),
        "by_category": dict(categories),
        "referred": sum(1 for _, _, referral in concerns if referral == LocalAuthorityReferral.REFERRED),
    }


def safeguarding_rows(data: dict[str, Any]) -> Iterable[Row]:
    yield ("Safeguarding concerns raised", "", data["concerns"])
    for value, label in CareActCategory.choices:
        if data["by_category"].get(value):
            yield ("Safeguarding concerns raised", f"Category: {label}", data["by_category"][value])
    yield ("People with a safeguarding concern raised", "", data["people"])
    yield ("Concerns referred to the local authority", "", data["referred"])


RISK_ASSESSMENTS_DEFINITION = (
    "People on the caseload at the end of the period whose newest risk assessment agreed by the last day "
    "had a review date on or after that day, and was agreed on or after the day their current support "
    "started (an assessment from an earlier time the person was supported does not count)."
)
RISK_REVIEWS_DEFINITION = (
    "Each agreed risk assessment whose review date falls in the period, while the person's support was open "
    "on that date. It is on time when a newer version was agreed on or before the review date."
)
SAFEGUARDING_DEFINITION = (
    "Safeguarding concerns raised in the period (UK time), by Care Act 2014 category. A concern can fall in "
    "more than one category, so the categories can add up to more than the number of concerns."
)
