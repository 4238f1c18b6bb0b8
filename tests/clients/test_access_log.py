"""The "Who viewed this record" tab: every view of the record, break-glass openings highlighted,
for the team leaders and managers of the client's team only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role
from recovery.audit.models import AccessAction, RecordAccess

REASON = "Covering the duty phone: the person called in crisis."


@pytest.fixture
def client_record(open_client_for, worker, team):
    return open_client_for(worker, team, first_name="Hamza", last_name="Khan")


def _log_url(client):
    return reverse("clients:access_log", args=[client.code])


def _detail(client):
    return reverse("clients:detail", args=[client.code])


def test_it_shows_the_team_leader_who_viewed_the_record(client_for, team_leader, worker, client_record):
    client_for(worker).get(_detail(client_record))

    response = client_for(team_leader).get(_log_url(client_record))

    assert response.status_code == 200
    viewers = [(access.user, access.detail) for access in response.context["page"].object_list]
    assert (worker, "client page") in viewers
    assert str(worker) in response.content.decode()


def test_it_lists_the_newest_view_first(client_for, team_leader, worker, colleague, client_record):
    client_for(worker).get(_detail(client_record))
    client_for(colleague).get(_detail(client_record))

    response = client_for(team_leader).get(_log_url(client_record))

    # The leader's own view of this page is logged first, so it is the newest.
    assert [access.user for access in response.context["page"].object_list][:3] == [team_leader, colleague, worker]


def test_it_highlights_break_glass_openings_with_the_reason(
    client_for, team_leader, other_team_same_service, client_record
):
    visitor = staff_with_role(Role.WORKER, team=other_team_same_service)
    client_for(visitor).post(reverse("clients:break_glass", args=[client_record.code]), {"reason": REASON})

    response = client_for(team_leader).get(_log_url(client_record))

    content = response.content.decode()
    assert 'class="table-warning"' in content
    assert REASON in content
    assert RecordAccess.objects.filter(user=visitor, action=AccessAction.BREAK_GLASS).exists()


def test_it_shows_the_tab_to_the_team_leader(client_for, team_leader, client_record):
    content = client_for(team_leader).get(_detail(client_record)).content.decode()

    assert _log_url(client_record) in content


def test_it_hides_the_tab_from_a_worker(client_for, worker, client_record):
    content = client_for(worker).get(_detail(client_record)).content.decode()

    assert _log_url(client_record) not in content


def test_it_refuses_the_access_log_to_a_worker(client_for, worker, client_record):
    assert client_for(worker).get(_log_url(client_record)).status_code == 403


def test_it_refuses_the_access_log_to_a_read_only_member(client_for, read_only, client_record):
    assert client_for(read_only).get(_log_url(client_record)).status_code == 403


def test_it_shows_the_access_log_to_the_service_manager(client_for, manager, client_record):
    assert client_for(manager).get(_log_url(client_record)).status_code == 200


def test_it_hides_another_teams_access_log(client_for, other_team_same_service, client_record):
    other_leader = staff_with_role(Role.TEAM_LEADER, team=other_team_same_service)

    assert client_for(other_leader).get(_log_url(client_record)).status_code == 404


def test_it_refuses_a_post_to_the_access_log(client_for, team_leader, client_record):
    assert client_for(team_leader).post(_log_url(client_record)).status_code == 405


def test_it_pages_the_access_log_by_50(client_for, team_leader, worker, client_record):
    browser = client_for(worker)
    for _ in range(55):
        browser.get(_detail(client_record))

    response = client_for(team_leader).get(_log_url(client_record))

    assert len(response.context["page"].object_list) == 50
    assert response.context["page"].paginator.num_pages == 2


def test_it_reads_the_access_log_in_the_same_queries_for_1_or_10_viewers(
    client_for, team_leader, team, client_record, queries_for
):
    browser = client_for(team_leader)
    _, one = queries_for(browser, _log_url(client_record))
    for _ in range(9):
        client_for(staff_with_role(Role.WORKER, team=team)).get(_detail(client_record))

    response, ten = queries_for(browser, _log_url(client_record))

    assert len({access.user_id for access in response.context["page"].object_list}) == 10
    assert len(ten) == len(one), "\n".join(ten)
