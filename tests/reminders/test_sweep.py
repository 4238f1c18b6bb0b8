"""The sweep: rows and statuses, recipients, escalation timing, auto-close, failing sources,
re-runs and two sweeps at once."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connections
from django.utils import timezone

from plans import services as plan_services
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Membership, Role
from recovery.reminders.models import DigestSend, Reminder, ReminderRun, RunStatus
from recovery.reminders.services import reminder_sweep, services_due_for_sweep
from recovery.reminders.services.sweep import SWEEP_LOCK_NAMESPACE

pytestmark = pytest.mark.django_db


def _rows():
    return sorted(
        Reminder.objects.values_list("recipient_id", "source", "item_key", "due_on", "kind", "status"),
        key=str,
    )


def test_it_creates_a_reminder_for_the_responsible_worker(only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today + timedelta(days=3), responsible=worker, key="a")

    run, _ = reminder_sweep(service_id=service.pk)

    assert list(Reminder.objects.values_list("recipient_id", "status", "kind")) == [(worker.pk, "due_soon", "due")]
    assert (run.status, run.items_seen, run.created, run.closed) == (RunStatus.FINISHED, 1, 1, 0)


def test_it_gives_an_item_without_a_responsible_person_to_the_team_leaders(
    only_fake_source, service, team, team_leader, today
):
    only_fake_source.item(team=team, due_on=today, key="a")

    reminder_sweep(service_id=service.pk)

    assert list(Reminder.objects.values_list("recipient_id", "status")) == [(team_leader.pk, "due_today")]


def test_it_gives_the_item_to_the_team_leaders_when_the_worker_has_left_the_team(
    only_fake_source, service, team, worker, team_leader, today
):
    only_fake_source.item(team=team, due_on=today, responsible=worker, key="a")
    Membership.objects.filter(user=worker).delete()

    reminder_sweep(service_id=service.pk)

    assert list(Reminder.objects.values_list("recipient_id", flat=True)) == [team_leader.pk]


def test_it_leaves_out_items_beyond_the_look_ahead_window(only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today + timedelta(days=15), responsible=worker)

    reminder_sweep(service_id=service.pk)

    assert not Reminder.objects.exists()


def test_it_only_sweeps_the_service_it_is_asked_to(only_fake_source, service, other_service_team, today):
    other_worker = staff_with_role(Role.WORKER, team=other_service_team)
    only_fake_source.item(team=other_service_team, due_on=today, responsible=other_worker)

    reminder_sweep(service_id=service.pk)

    assert not Reminder.objects.exists()


def test_it_never_gives_a_reminder_to_someone_who_cannot_see_the_team(
    only_fake_source, service, team, other_service_team, today
):
    outsider = staff_with_role(Role.WORKER, team=other_service_team)
    only_fake_source.item(team=team, due_on=today, responsible=outsider)

    reminder_sweep(service_id=service.pk)

    assert not Reminder.objects.filter(recipient=outsider).exists()


def test_it_gives_a_restricted_clients_item_to_the_team_leader_when_the_worker_is_not_allocated(
    only_fake_source, service, team, worker, team_leader, open_client, today
):
    client = open_client(team_leader, team, is_restricted=True)
    only_fake_source.item(team=team, due_on=today, responsible=worker, client_id=client.pk)

    reminder_sweep(service_id=service.pk)

    assert list(Reminder.objects.values_list("recipient_id", flat=True)) == [team_leader.pk]


def test_it_gives_a_restricted_clients_item_to_the_allocated_worker(
    only_fake_source, service, team, worker, open_client, today
):
    client = open_client(worker, team, is_restricted=True)
    only_fake_source.item(team=team, due_on=today, responsible=worker, client_id=client.pk)

    reminder_sweep(service_id=service.pk)

    assert list(Reminder.objects.values_list("recipient_id", flat=True)) == [worker.pk]


def test_it_gives_the_same_rows_when_run_again(only_fake_source, service, team, worker, team_leader, today):
    only_fake_source.item(team=team, due_on=today - timedelta(days=10), responsible=worker)
    only_fake_source.item(team=team, due_on=today + timedelta(days=2))
    reminder_sweep(service_id=service.pk)
    before = _rows()

    second, _ = reminder_sweep(service_id=service.pk)

    assert _rows() == before
    assert (second.created, second.closed) == (0, 0)


def test_it_marks_overdue_items_overdue(only_fake_source, service, team, worker, team_leader, today):
    only_fake_source.item(team=team, due_on=today - timedelta(days=6), responsible=worker)

    reminder_sweep(service_id=service.pk)

    assert list(Reminder.objects.values_list("recipient_id", "status", "kind")) == [(worker.pk, "overdue", "due")]


def test_it_escalates_to_the_team_leader_after_the_services_days_overdue(
    only_fake_source, service, team, worker, team_leader
):
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=timezone.get_current_timezone()), tick=False):
        only_fake_source.item(team=team, due_on=timezone.localdate(), responsible=worker, key="review")
        reminder_sweep(service_id=service.pk)
    with time_machine.travel(datetime(2026, 11, 8, 9, 0, tzinfo=timezone.get_current_timezone()), tick=False):
        reminder_sweep(service_id=service.pk)
        six_days = set(Reminder.objects.values_list("recipient_id", "kind", "status"))
    with time_machine.travel(datetime(2026, 11, 9, 9, 0, tzinfo=timezone.get_current_timezone()), tick=False):
        reminder_sweep(service_id=service.pk)
        seven_days = set(Reminder.objects.values_list("recipient_id", "kind", "status"))

    assert six_days == {(worker.pk, "due", "overdue")}
    assert seven_days == {(worker.pk, "due", "escalated"), (team_leader.pk, "escalation", "escalated")}


def test_it_escalates_after_the_number_of_days_the_service_chose(
    only_fake_source, service, team, worker, team_leader, today
):
    from recovery.reminders.services import reminder_settings_for

    settings = reminder_settings_for(service=service)
    settings.escalate_after_days = 2
    settings.save()
    only_fake_source.item(team=team, due_on=today - timedelta(days=2), responsible=worker)

    reminder_sweep(service_id=service.pk)

    assert Reminder.objects.filter(recipient=team_leader, kind="escalation").exists()


def test_it_closes_an_item_its_source_stops_reporting(only_fake_source, service, team, worker, today):
    item = only_fake_source.item(team=team, due_on=today, responsible=worker)
    reminder_sweep(service_id=service.pk)
    only_fake_source.items.remove(item)

    run, _ = reminder_sweep(service_id=service.pk)

    assert list(Reminder.objects.values_list("status", flat=True)) == ["done"]
    assert run.closed == 1


def test_it_records_a_failing_source_and_still_sweeps_the_others(
    fake_source, service, team, worker, open_client, agreed_plan, today
):
    client = open_client(worker, team)
    agreed_plan(client, worker, review_due_on=today + timedelta(days=5))
    fake_source.fail = RuntimeError("the outcomes table is locked")

    run, _ = reminder_sweep(service_id=service.pk)

    assert run.status == RunStatus.FINISHED_WITH_ERRORS
    assert run.errors == {"test_source": "RuntimeError: the outcomes table is locked"}
    assert Reminder.objects.filter(source="plan_review", recipient=worker).exists()


def test_it_keeps_a_failing_sources_reminders_open(only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today, responsible=worker)
    reminder_sweep(service_id=service.pk)
    only_fake_source.fail = RuntimeError("down")

    reminder_sweep(service_id=service.pk)

    assert list(Reminder.objects.values_list("status", flat=True)) == ["due_today"]


def test_it_closes_the_plan_review_reminder_when_the_review_is_recorded(
    service, team, worker, open_client, agreed_plan, today
):
    client = open_client(worker, team)
    plan = agreed_plan(client, worker, review_due_on=today + timedelta(days=3))
    reminder_sweep(service_id=service.pk)
    assert Reminder.objects.get(source="plan_review").status == "due_soon"

    plan_services.plan_review_record(
        plan=plan,
        by=worker,
        expected_version=plan.version,
        reviewed_on=today,
        kind="scheduled",
        outcome="continue",
        client_view="Going well.",
    )
    reminder_sweep(service_id=service.pk)

    assert Reminder.objects.get(source="plan_review", item_key=str(plan.code)).status == "done"


def test_it_names_the_client_and_links_to_the_plan(service, team, worker, open_client, agreed_plan, today):
    client = open_client(worker, team, first_name="Carys", last_name="Hughes")
    plan = agreed_plan(client, worker, review_due_on=today + timedelta(days=3))

    reminder_sweep(service_id=service.pk)

    reminder = Reminder.objects.get(source="plan_review")
    assert (reminder.client_id, reminder.client_code, reminder.client_label) == (client.pk, client.code, "Carys Hughes")
    assert str(plan.code) in reminder.url


def test_it_skips_a_sweep_while_another_holds_the_services_lock(only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today, responsible=worker)
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [SWEEP_LOCK_NAMESPACE, service.pk])
        run, digests = reminder_sweep(service_id=service.pk)
    finally:
        other.close()

    assert (run.status, digests) == (RunStatus.SKIPPED, [])
    assert not Reminder.objects.exists()


def test_it_marks_an_earlier_run_that_never_finished_as_interrupted(only_fake_source, service):
    stale = ReminderRun.objects.create(
        service=service, run_on=timezone.localdate(), started_at=timezone.now() - timedelta(hours=1)
    )

    reminder_sweep(service_id=service.pk)

    stale.refresh_from_db()
    assert stale.status == RunStatus.INTERRUPTED


def test_it_queues_one_digest_per_person(only_fake_source, service, team, worker, today):
    only_fake_source.item(team=team, due_on=today, responsible=worker)
    only_fake_source.item(team=team, due_on=today + timedelta(days=1), responsible=worker)

    _, first = reminder_sweep(service_id=service.pk)
    _, second = reminder_sweep(service_id=service.pk)

    assert DigestSend.objects.filter(recipient=worker).count() == 1
    assert first == second  # still pending, so queued again: sending is idempotent


def test_it_upserts_in_a_constant_number_of_queries(
    only_fake_source, service, team, worker, today, django_assert_max_num_queries
):
    for number in range(300):
        only_fake_source.item(team=team, due_on=today + timedelta(days=number % 10), responsible=worker)

    with django_assert_max_num_queries(30):
        run, _ = reminder_sweep(service_id=service.pk)

    assert run.created == 300


# --- beat's tick ----------------------------------------------------------------------------------


def _at(hour: int, minute: int = 0):
    return datetime(2026, 12, 1, hour, minute, tzinfo=timezone.get_current_timezone())


def test_it_does_not_sweep_before_the_services_sweep_time(service):
    with time_machine.travel(_at(6, 45), tick=False):
        assert service.pk not in services_due_for_sweep()


def test_it_sweeps_once_the_sweep_time_has_passed(service):
    with time_machine.travel(_at(7, 0), tick=False):
        assert service.pk in services_due_for_sweep()


def test_it_does_not_sweep_again_after_a_finished_sweep_today(only_fake_source, service):
    with time_machine.travel(_at(7, 5), tick=False):
        reminder_sweep(service_id=service.pk)
        assert service.pk not in services_due_for_sweep()


def test_it_sweeps_again_the_next_day(only_fake_source, service):
    with time_machine.travel(_at(7, 5), tick=False):
        reminder_sweep(service_id=service.pk)
    with time_machine.travel(_at(7, 5) + timedelta(days=1), tick=False):
        assert service.pk in services_due_for_sweep()
