"""A service's programme outcomes per activity and term (page and PDF)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from activities import charts_programme as charts
from activities.selectors import programme_outcomes as selectors
from activities.selectors.programme_access import activity_for_user, service_for_user
from activities.views.common import programme_context
from recovery.core.pdf import render_pdf


def _period(request: HttpRequest) -> tuple[list[selectors.Term], date, date, str]:
    """The term asked for (``?term=2026-09-01``), dates (``?start=&end=``) or the current term."""
    terms = selectors.recent_terms()
    chosen = next((term for term in terms if term.key == request.GET.get("term")), None)
    try:
        start = date.fromisoformat(request.GET.get("start", ""))
        end = date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        start = end = None
    if chosen is None and start and end and start <= end:
        return terms, start, end, ""
    chosen = chosen or terms[0]
    return terms, chosen.start, chosen.end, chosen.key


def _context(request, service, *, activity=None) -> dict:
    terms, start, end, term_key = _period(request)
    outcomes = selectors.programme_outcomes(service_ids=[service.pk], start=start, end=end, activity=activity)
    labels = [row.activity.title for row in outcomes.rows]
    return {
        **programme_context(request, service, section="outcomes"),
        "activity": activity,
        "link_rows": activity is None,
        "terms": terms,
        "term_key": term_key,
        "outcomes": outcomes,
        "charts": {
            "sessions": charts.sessions_chart(
                labels, [row.sessions_run for row in outcomes.rows], [row.sessions_cancelled for row in outcomes.rows]
            ),
            "attendance": charts.attendance_chart(
                labels,
                [row.average_attendance for row in outcomes.rows],
                [row.activity.capacity for row in outcomes.rows],
            ),
            "feedback": charts.feedback_chart(outcomes.feedback_by_rating),
        },
    }


@require_GET
@login_required
def service_outcomes(request: HttpRequest, service_code) -> HttpResponse:
    service = service_for_user(request.user, service_code)
    return render(request, "activities/programme/outcomes.html", _context(request, service))


@require_GET
@login_required
def activity_outcomes(request: HttpRequest, code) -> HttpResponse:
    activity = activity_for_user(request.user, code)
    return render(request, "activities/programme/outcomes.html", _context(request, activity.service, activity=activity))


@require_GET
@login_required
def service_outcomes_pdf(request: HttpRequest, service_code) -> HttpResponse:
    """The same figures and charts as the page, on A4 (no client data)."""
    service = service_for_user(request.user, service_code)
    context = _context(request, service)
    pdf = render_pdf(
        template="activities/programme/pdf/outcomes.html",
        context={**context, "printed_by": request.user, "printed_at": timezone.localtime()},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="programme-outcomes-{context["outcomes"].start}.pdf"'
    return response
