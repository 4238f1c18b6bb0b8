"""Demo activities: a believable term around today, idempotent, on top of the clients seeder."""

from __future__ import annotations

import pytest
from django.utils import timezone

from activities import choices
from activities.models import Activity, Attendance, Booking, Session, SessionPlan
from activities.selectors.registries import plan_missing_items
from recovery.core.demo import demo_email, run_seeders

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return Activity.objects.count(), Session.objects.count(), Booking.objects.count(), Attendance.objects.count()


def test_it_seeds_a_term_with_sessions_today_for_the_coordinator():
    run_seeders(size="small", only=["clients", "activities"])

    today = Session.objects.filter(
        starts_at__date=timezone.localdate(), activity__facilitators__email=demo_email("coordinator")
    )
    assert today.exists()
    assert Attendance.objects.filter(session__starts_at__lt=timezone.now()).exists()
    assert Session.objects.filter(status=choices.SessionStatus.CANCELLED).exclude(cancel_reason="").exists()


def test_it_marks_only_people_booked_on_the_session():
    run_seeders(size="small", only=["clients", "activities"])

    marks = set(Attendance.objects.values_list("session_id", "client_id"))
    bookings = set(Booking.objects.values_list("session_id", "client_id"))
    assert marks <= bookings


def test_it_leaves_sessions_this_week_without_a_plan_for_the_reminder():
    run_seeders(size="small", only=["clients", "activities"])
    today = timezone.localdate()

    assert plan_missing_items(today=today, until=today + timezone.timedelta(days=7))
    assert SessionPlan.objects.exists()


def test_it_gives_the_same_counts_when_run_twice():
    run_seeders(size="small", only=["clients", "activities"])
    first = _counts()

    run_seeders(size="small", only=["clients", "activities"])

    assert _counts() == first
