"""Home, System status, the health check and the error pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recovery.accounts.factories import MembershipFactory, TeamFactory, staff_with_role
from recovery.accounts.models import Role
from recovery.core.services import heartbeat_record

# --- home ----------------------------------------------------------------------------------------


def test_it_sends_an_anonymous_visitor_to_sign_in(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/"


def test_it_greets_a_worker_and_shows_their_team(client_for, worker, team):
    response = client_for(worker).get(reverse("home"))

    assert response.status_code == 200
    content = response.content.decode()
    assert f"Hello, {worker.get_short_name()}" in content
    assert team.name in content


def test_it_does_not_show_a_worker_other_teams(client_for, worker, other_team_same_service):
    response = client_for(worker).get(reverse("home"))

    assert other_team_same_service.name not in response.content.decode()


def test_it_refuses_a_post_to_home(client_for, worker):
    response = client_for(worker).post(reverse("home"))

    assert response.status_code == 405


# Queries for a worker's home page, whatever the number of teams (today, 15):
#  1. the session                             8. the user's scope (memberships with their teams)
#  2. the user                                9-10. "My caseload" panel (clients app): the service's
#  3. SAVEPOINT (allauth's session record)          "not seen" threshold, then the counts in one query
#  4. allauth's UserSession row              11. unread notifications, for the navigation badge
#  5. the user again (allauth)               12. the memberships with team and service, for the page
#  6. UPDATE UserSession.last_seen_at        13. SAVEPOINT (saving the session)
#  7. RELEASE SAVEPOINT                      14. UPDATE the session's expiry (saved on every request)
#                                            15. RELEASE SAVEPOINT
# Each home panel an app registers adds its own; DESIGN.md's budget for a page is 20.
HOME_QUERY_BUDGET = 20


def _home_queries(client) -> int:
    client.get(reverse("home"))  # the first request records allauth's session row
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(queries)


def test_it_shows_home_in_the_same_number_of_queries_for_1_or_5_teams(client_for, worker, team):
    busy_worker = staff_with_role(Role.WORKER, team=team)
    for _ in range(4):
        MembershipFactory(user=busy_worker, role=Role.WORKER, team=TeamFactory(service=team.service))

    one_team, five_teams = _home_queries(client_for(worker)), _home_queries(client_for(busy_worker))

    assert one_team == five_teams <= HOME_QUERY_BUDGET


# --- System status ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["worker", "team_leader", "read_only", "manager"])
def test_it_refuses_system_status_to_anyone_but_administrators(client_for, request, role):
    response = client_for(request.getfixturevalue(role)).get(reverse("system_status"))

    assert response.status_code == 403


def test_it_shows_an_administrator_the_last_heartbeat_in_uk_time(client_for, mfa_administrator):
    recorded = datetime(2026, 7, 15, 8, 0, tzinfo=UTC)  # 09:00 in London (BST)
    with time_machine.travel(recorded, tick=False) as traveller:
        heartbeat_record(name="beat", worker="celery@worker-1")
        traveller.shift(timedelta(minutes=1))
        response = client_for(mfa_administrator).get(reverse("system_status"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "15 Jul 2026, 09:00" in content
    assert "celery@worker-1" in content


def test_it_refuses_a_post_to_system_status(client_for, mfa_administrator):
    response = client_for(mfa_administrator).post(reverse("system_status"))

    assert response.status_code == 405


# --- health check and errors ----------------------------------------------------------------------


def test_it_answers_the_health_check_without_signing_in(client, db):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_it_answers_an_unknown_url_with_the_friendly_404_page(client_for, worker):
    response = client_for(worker).get("/no-such-page/")

    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert reverse("home") in response.content.decode()  # a way back
