"""The pages: my reminders (with filters), the team's overdue items, the sweep status page with
"Run now", the service's settings and the preference form; the home panel and the caseload flag.
Each: happy path, wrong method, another team or service (not shown / 404), a read-only role (403)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role
from recovery.core.registries import caseload_flags
from recovery.reminders.models import ReminderPreference, ReminderRun, ReminderSettings
from recovery.reminders.services import reminder_settings_for, reminder_sweep

pytestmark = pytest.mark.django_db

MINE = reverse("reminders:mine")
TEAM = reverse("reminders:team")
STATUS = reverse("reminders:status")
PREFERENCES = reverse("reminders:preferences")


@pytest.fixture
def swept(only_fake_source, service, team, worker, team_leader, open_client, today):
    """The worker has one item due soon and one, about Ben, overdue long enough to be escalated."""
    ben = open_client(worker, team, first_name="Ben", last_name="Jones")
    only_fake_source.item(team=team, due_on=today + timedelta(days=2), responsible=worker, title="Soon: plan step")
    only_fake_source.item(
        team=team,
        due_on=today - timedelta(days=10),
        responsible=worker,
        title="Late: risk review",
        client_label="Ben Jones",
        client_id=ben.pk,
    )
    reminder_sweep(service_id=service.pk)
    return ben


# --- my reminders --------------------------------------------------------------------------------


def test_it_lists_my_open_reminders(swept, client_for, worker):
    response = client_for(worker).get(MINE)

    assert response.status_code == 200
    assert b"Soon: plan step" in response.content
    assert b"Late: risk review" in response.content


def test_it_filters_my_reminders_by_status(swept, client_for, worker):
    response = client_for(worker).get(MINE, {"status": "due_soon"})

    assert b"Soon: plan step" in response.content
    assert b"Late: risk review" not in response.content


def test_it_filters_my_reminders_by_client(only_fake_source, service, team, worker, client_for, today):
    ben, ali = uuid.uuid4(), uuid.uuid4()
    only_fake_source.item(
        team=team, due_on=today, responsible=worker, title="For Ben", client_code=ben, client_label="Ben"
    )
    only_fake_source.item(
        team=team, due_on=today, responsible=worker, title="For Ali", client_code=ali, client_label="Ali"
    )
    reminder_sweep(service_id=service.pk)

    response = client_for(worker).get(MINE, {"client": str(ben)})

    assert b"For Ben" in response.content
    assert b"For Ali" not in response.content


def test_it_filters_my_reminders_by_kind(
    fake_source, service, team, worker, client_for, open_client, agreed_plan, today
):
    client = open_client(worker, team)
    agreed_plan(client, worker, review_due_on=today + timedelta(days=3))
    fake_source.item(team=team, due_on=today, responsible=worker, title="Fake check-in")
    reminder_sweep(service_id=service.pk)

    response = client_for(worker).get(MINE, {"source": "plan_review"})

    assert b"Support plan review" in response.content
    assert b"Fake check-in" not in response.content


def test_it_swaps_only_the_list_for_htmx(swept, client_for, worker):
    response = client_for(worker).get(MINE, headers={"HX-Request": "true"})

    assert response.content.lstrip().startswith(b'<div id="reminder-list">')


def test_it_refuses_a_post_to_my_reminders(client_for, worker):
    assert client_for(worker).post(MINE).status_code == 405


def test_it_hides_my_reminders_about_a_team_i_have_left(swept, client_for, worker):
    worker.memberships.all().delete()

    response = client_for(worker).get(MINE)

    assert b"Late: risk review" not in response.content


def test_it_shows_a_colleague_none_of_my_reminders(swept, client_for, team):
    colleague = staff_with_role(Role.WORKER, team=team)

    assert b"Late: risk review" not in client_for(colleague).get(MINE).content


def test_it_lets_a_read_only_member_read_their_reminders(client_for, read_only):
    assert client_for(read_only).get(MINE).status_code == 200


def _queries(http, url) -> int:
    http.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = http.get(url)
    assert response.status_code == 200
    return len([query for query in captured.captured_queries if "SAVEPOINT" not in query["sql"]])


def test_it_lists_1_or_30_reminders_in_the_same_number_of_queries(only_fake_source, service, team, client_for, today):
    """Session, user, the scope's memberships, the clients the reminders name and the access check
    on them, the client filter's choices, the page count, the page of reminders (with their teams),
    and the session save (BEGIN, UPDATE, COMMIT)."""
    few, many = staff_with_role(Role.WORKER, team=team), staff_with_role(Role.WORKER, team=team)
    only_fake_source.item(team=team, due_on=today, responsible=few)
    for number in range(30):
        only_fake_source.item(team=team, due_on=today, responsible=many, client_label=f"Client {number}")
    reminder_sweep(service_id=service.pk)

    one, thirty = _queries(client_for(few), MINE), _queries(client_for(many), MINE)

    assert one == thirty <= 20


# --- the team's overdue items --------------------------------------------------------------------------


def test_it_shows_the_team_leader_the_teams_overdue_items(swept, client_for, team_leader, worker):
    response = client_for(team_leader).get(TEAM)

    assert response.status_code == 200
    assert b"Late: risk review" in response.content
    assert b"Soon: plan step" not in response.content


def test_it_refuses_the_team_page_to_a_worker(client_for, worker):
    assert client_for(worker).get(TEAM).status_code == 403


def test_it_refuses_a_post_to_the_team_page(client_for, team_leader):
    assert client_for(team_leader).post(TEAM).status_code == 405


def test_it_shows_another_teams_leader_nothing(swept, client_for, other_service_team):
    leader = staff_with_role(Role.TEAM_LEADER, team=other_service_team)

    assert b"Late: risk review" not in client_for(leader).get(TEAM).content


def test_it_lists_the_teams_items_in_the_same_number_of_queries_for_1_and_30(
    only_fake_source, service, team, team_leader, client_for, today
):
    """Session, user, the scope's memberships, the led teams, the page count, the page (with team
    and recipient), and the session save (BEGIN, UPDATE, COMMIT)."""
    only_fake_source.item(team=team, due_on=today - timedelta(days=3))
    reminder_sweep(service_id=service.pk)
    one = _queries(client_for(team_leader), TEAM)
    for _ in range(29):
        only_fake_source.item(team=team, due_on=today - timedelta(days=3))
    reminder_sweep(service_id=service.pk)

    assert _queries(client_for(team_leader), TEAM) == one


# --- status page, run now, settings ----------------------------------------------------------------------


def test_it_shows_the_manager_the_last_runs(swept, client_for, manager, service):
    response = client_for(manager).get(STATUS)

    assert response.status_code == 200
    assert service.name.encode() in response.content
    assert b"Finished" in response.content


def test_it_refuses_the_status_page_to_a_team_leader(client_for, team_leader):
    assert client_for(team_leader).get(STATUS).status_code == 403


def test_it_refuses_a_post_to_the_status_page(client_for, manager):
    assert client_for(manager).post(STATUS).status_code == 405


def test_it_starts_a_sweep_when_the_manager_runs_it_now(
    client_for, manager, service, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(manager).post(reverse("reminders:run_now", args=[service.code]))

    assert response.status_code == 302
    assert len(callbacks) == 1


def test_it_refuses_run_now_to_a_worker(client_for, worker, service):
    assert client_for(worker).post(reverse("reminders:run_now", args=[service.code])).status_code == 403


def test_it_hides_another_services_run_now(client_for, manager, other_service_team):
    url = reverse("reminders:run_now", args=[other_service_team.service.code])

    assert client_for(manager).post(url).status_code == 404


def test_it_refuses_run_now_by_get(client_for, manager, service):
    assert client_for(manager).get(reverse("reminders:run_now", args=[service.code])).status_code == 405


def _settings_post(http, service, **values):
    current = reminder_settings_for(service=service)
    data = {
        "sweep_time": "06:30",
        "look_ahead_days": "10",
        "escalate_after_days": "3",
        "version": current.version,
        **values,
    }
    return http.post(reverse("reminders:settings_edit", args=[service.code]), data)


def test_it_saves_the_services_reminder_settings(client_for, manager, service):
    response = _settings_post(client_for(manager), service)

    assert response.status_code == 302
    saved = ReminderSettings.objects.get(service=service)
    assert (saved.sweep_time.strftime("%H:%M"), saved.look_ahead_days, saved.escalate_after_days) == ("06:30", 10, 3)


def test_it_says_what_to_enter_for_a_bad_number_of_days(client_for, manager, service):
    response = _settings_post(client_for(manager), service, look_ahead_days="0", sweep_time="06:45")

    assert response.status_code == 422
    assert b"Enter a number of days between 1 and 90." in response.content
    assert b'value="06:45"' in response.content


def test_it_refuses_a_stale_settings_edit(client_for, manager, service):
    _settings_post(client_for(manager), service)

    response = _settings_post(client_for(manager), service, version="1", escalate_after_days="9")

    assert response.status_code == 409
    assert ReminderSettings.objects.get(service=service).escalate_after_days == 3


def test_it_refuses_the_settings_to_a_worker(client_for, worker, service):
    assert _settings_post(client_for(worker), service).status_code == 403


def test_it_hides_another_services_settings(client_for, manager, other_service_team):
    url = reverse("reminders:settings_edit", args=[other_service_team.service.code])

    assert client_for(manager).get(url).status_code == 404


def test_it_refuses_to_delete_the_settings(client_for, manager, service):
    url = reverse("reminders:settings_edit", args=[service.code])

    assert client_for(manager).delete(url).status_code == 405


# --- preferences ---------------------------------------------------------------------------------------


def test_it_saves_my_digest_preference(client_for, worker):
    response = client_for(worker).post(PREFERENCES, {"frequency": "weekly", "weekday": "3", "version": "0"})

    assert response.status_code == 302
    saved = ReminderPreference.objects.get(user=worker)
    assert (saved.frequency, saved.weekday) == ("weekly", 3)


def test_it_changes_my_saved_preference(client_for, worker):
    http = client_for(worker)
    http.post(PREFERENCES, {"frequency": "weekly", "weekday": "3", "version": "0"})

    http.post(PREFERENCES, {"frequency": "off", "weekday": "0", "version": "1"})

    assert ReminderPreference.objects.get(user=worker).frequency == "off"


def test_it_refuses_a_preference_saved_twice_from_the_same_page(client_for, worker):
    http = client_for(worker)
    http.post(PREFERENCES, {"frequency": "weekly", "weekday": "3", "version": "0"})

    response = http.post(PREFERENCES, {"frequency": "off", "weekday": "0", "version": "0"})

    assert response.status_code == 409
    assert ReminderPreference.objects.get(user=worker).frequency == "weekly"


def test_it_asks_for_a_frequency(client_for, worker):
    response = client_for(worker).post(PREFERENCES, {"weekday": "3", "version": "0"})

    assert response.status_code == 422
    assert b"Choose how often you want the e-mail." in response.content


def test_it_lets_every_user_choose_a_preference(client_for, administrator):
    assert client_for(administrator).get(PREFERENCES).status_code in (200, 302)


def test_it_refuses_to_delete_a_preference(client_for, worker):
    assert client_for(worker).delete(PREFERENCES).status_code == 405


# --- home panel, navigation and caseload flag ----------------------------------------------------------


def test_it_shows_due_this_week_on_the_home_page(swept, client_for, worker):
    response = client_for(worker).get(reverse("home"))

    assert b"Due this week" in response.content
    assert b"Late: risk review" in response.content


def test_it_shows_no_panel_to_an_administrator(client_for, mfa_administrator):
    http = client_for(mfa_administrator)

    assert b"Due this week" not in http.get(reverse("home")).content


def test_it_flags_an_escalated_client_on_caseloads(swept, open_client, worker, team):
    other = open_client(worker, team)

    flags = caseload_flags(client_ids=[swept.pk, other.pk])

    assert "reminder_escalated" in [flag.key for flag in flags[swept.pk]]
    assert "reminder_escalated" not in [flag.key for flag in flags[other.pk]]


def test_it_counts_the_run_of_a_sweep_for_the_status_page(swept):
    assert ReminderRun.objects.get().items_seen == 2


def test_it_shows_the_manager_how_many_of_todays_emails_failed(
    smtp, only_fake_source, service, team, worker, client_for, manager, today
):
    from recovery.reminders.services import DigestNotSent, digest_send

    only_fake_source.item(team=team, due_on=today, responsible=worker)
    _, (digest_id,) = reminder_sweep(service_id=service.pk)
    smtp.refuse = True
    with pytest.raises(DigestNotSent):
        digest_send(digest_id=digest_id)

    response = client_for(manager).get(STATUS)

    assert b"0 sent," in response.content
    assert b"1 failed" in response.content


def test_it_hides_a_restricted_client_from_my_list_once_my_allocation_ends(
    only_fake_source, service, team, worker, team_leader, open_client, client_for, today
):
    from clients import services as client_services

    client = open_client(worker, team, is_restricted=True)
    only_fake_source.item(team=team, due_on=today, responsible=worker, client_id=client.pk, title="Restricted item")
    reminder_sweep(service_id=service.pk)
    allocation = client.allocations.get(worker=worker, ended_at__isnull=True)
    client_services.allocation_end(allocation=allocation, by=team_leader, reason="Moved to another worker")

    response = client_for(worker).get(MINE)

    assert b"Restricted item" not in response.content
