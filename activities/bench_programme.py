"""Pages ``manage.py bench`` measures for the programme half of activities: the outcomes page,
the risk assessment overview, a session's feedback, the pre-tenancy roster, and the feedback
POST from the tablet. Budget (DESIGN.md): p95 ≤ 150 ms and ≤ 20 queries for pages, ≤ 100 ms
for the POST."""

from __future__ import annotations

from functools import cache

from django.urls import reverse

from recovery.core.bench import register_page


@cache
def _service_code(user_id: int) -> str:
    from activities.access import running_service_ids
    from recovery.accounts.models import Service, User

    user = User.objects.get(pk=user_id)
    service = Service.objects.filter(pk__in=running_service_ids(user), activities__isnull=False).order_by("id").first()
    if service is None:
        raise LookupError("No service with activities for the bench user: run seed_demo first.")
    return str(service.code)


@cache
def _busiest_past_session(user_id: int) -> str:
    """The past session with the most feedback in the user's service, so the page is as heavy as it gets."""
    from django.db.models import Count
    from django.utils import timezone

    from activities.models import Session

    session = (
        Session.objects.filter(
            activity__service__code=_service_code(user_id), status="scheduled", starts_at__lt=timezone.now()
        )
        .annotate(answers=Count("feedback"))
        .order_by("-answers", "id")
        .first()
    )
    if session is None:
        raise LookupError("No past session for the bench user: run seed_demo first.")
    return str(session.code)


def register_pages() -> None:
    register_page(
        "programme-outcomes",
        lambda user: reverse("activities:service_outcomes", args=[_service_code(user.pk)]),
        role="worker",
    )
    register_page(
        "programme-risk",
        lambda user: reverse("activities:service_risk", args=[_service_code(user.pk)]),
        role="worker",
    )
    register_page(
        "programme-pretenancy",
        lambda user: reverse("activities:pretenancy_roster", args=[_service_code(user.pk)]),
        role="worker",
    )
    register_page(
        "session-feedback",
        lambda user: reverse("activities:session_feedback", args=[_busiest_past_session(user.pk)]),
        role="worker",
    )
    # Submitting feedback needs the tablet hand-over, which signs the bench user out, so the
    # bench measures the page that starts the hand-over instead.
    register_page(
        "feedback-tablet-start",
        lambda user: reverse("activities:feedback_tablet", args=[_busiest_past_session(user.pk)]),
        role="worker",
    )
