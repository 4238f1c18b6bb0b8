"""What activities puts in the core registries: timeline entries, the "plan missing" reminder,
the navigation link."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from activities import choices
from activities.factories import AttendanceFactory, BookingFactory, SessionFactory, SessionPlanFactory
from activities.selectors.registries import (
    activities_timeline_entries,
    plan_missing_items,
)
from activities.services.sessions import session_cancel
from recovery.core.registries import merged_timeline, reminder_sources, timeline_sources


def test_it_puts_sessions_someone_attended_on_their_timeline(session, person, worker):
    AttendanceFactory(session=session, client=person, mark=choices.Mark.LATE, recorded_by=worker)

    entries = merged_timeline(client=person, limit=50)

    entry = next(entry for entry in entries if entry.source == "activities")
    assert entry.title == "Life skills: Cooking on a budget (late)"
    assert entry.occurred_at == session.starts_at


def test_it_leaves_absences_off_the_timeline(session, person, worker):
    AttendanceFactory(session=session, client=person, mark=choices.Mark.ABSENT, recorded_by=worker)

    assert activities_timeline_entries(client=person, before=None, limit=50) == []


def test_it_cuts_the_timeline_at_the_cursor(activity, person, worker):
    older = SessionFactory(activity=activity, starts_at=timezone.now() - timedelta(days=10))
    newer = SessionFactory(activity=activity, starts_at=timezone.now() - timedelta(days=3))
    for session in (older, newer):
        AttendanceFactory(session=session, client=person, recorded_by=worker)

    entries = activities_timeline_entries(client=person, before=newer.starts_at - timedelta(seconds=1), limit=50)

    assert [entry.entry_id for entry in entries] == [f"{older.code}-a"]


def test_it_registers_its_sources():
    assert "activities" in timeline_sources
    assert "activity_plan_missing" in reminder_sources


def test_it_reminds_the_lead_facilitator_of_a_plan_missing_this_week(activity, worker):
    soon = SessionFactory(activity=activity, starts_at=timezone.now() + timedelta(days=2))
    today = timezone.localdate()

    items = plan_missing_items(today=today, until=today + timedelta(days=30))

    assert [(item.item_key, item.responsible_user_id, item.team_id) for item in items] == [
        (str(soon.code), worker.pk, activity.team_id)
    ]


def test_it_does_not_remind_about_a_session_with_a_plan_or_cancelled(activity, worker):
    planned = SessionFactory(activity=activity, starts_at=timezone.now() + timedelta(days=2))
    SessionPlanFactory(session=planned, written_by=worker)
    SessionFactory(
        activity=activity,
        starts_at=timezone.now() + timedelta(days=3),
        status=choices.SessionStatus.CANCELLED,
        cancel_reason="Snow",
    )
    today = timezone.localdate()

    assert plan_missing_items(today=today, until=today + timedelta(days=7)) == []


def test_it_does_not_remind_about_sessions_more_than_a_week_away(activity):
    SessionFactory(activity=activity, starts_at=timezone.now() + timedelta(days=12))
    today = timezone.localdate()

    assert plan_missing_items(today=today, until=today + timedelta(days=30)) == []


def test_it_shows_activities_in_the_navigation_to_staff_of_a_service(worker, client_for):
    page = client_for(worker).get(reverse("home")).content.decode()

    assert reverse("activities:home") in page


def test_it_reminds_the_first_team_of_the_service_when_no_team_runs_the_activity(activity, team, worker):
    activity.team = None
    activity.save()
    SessionFactory(activity=activity, starts_at=timezone.now() + timedelta(days=1))
    today = timezone.localdate()

    [item] = plan_missing_items(today=today, until=today + timedelta(days=7))

    assert item.team_id == team.pk


def test_it_puts_a_cancelled_session_on_the_timeline_of_the_people_booked(session, person, worker):
    BookingFactory(session=session, client=person, booked_by=worker)
    session_cancel(session=session, by=worker, expected_version=session.version, reason="Kitchen flooded")

    entry = next(
        entry
        for entry in merged_timeline(client=person, limit=50)
        if entry.source == "activities" and "cancelled" in entry.title
    )

    assert "cancelled" in entry.title
    assert entry.summary == "Reason: Kitchen flooded"


def test_it_leaves_unchanged_sessions_off_the_timeline_until_attended(session, person, worker):
    BookingFactory(session=session, client=person, booked_by=worker)

    assert activities_timeline_entries(client=person, before=None, limit=50) == []
