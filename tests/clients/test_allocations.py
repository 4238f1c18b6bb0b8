"""The "Workers" tab: lead worker and co-workers with their history; only team leaders change it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clients import services
from clients.models import Allocation
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role


@pytest.fixture
def client_record(open_client_for, worker, team):
    return open_client_for(worker, team, first_name="Gwen", last_name="Evans")


def _tab(client):
    return reverse("clients:allocation", args=[client.code])


def _set_lead(client):
    return reverse("clients:allocation_set_lead", args=[client.code])


def _add_coworker(client):
    return reverse("clients:allocation_add_coworker", args=[client.code])


def _end(allocation):
    return reverse("clients:allocation_end", args=[allocation.client.code, allocation.code])


# --- the tab -------------------------------------------------------------------------------------


def test_it_shows_the_current_lead_worker(client_for, worker, client_record):
    response = client_for(worker).get(_tab(client_record))

    assert response.status_code == 200
    assert [allocation.worker for allocation in response.context["current"]] == [worker]


def test_it_shows_the_tab_read_only_to_a_worker(client_for, worker, client_record):
    response = client_for(worker).get(_tab(client_record))

    assert "lead_form" not in response.context
    assert _set_lead(client_record) not in response.content.decode()


def test_it_shows_the_allocation_forms_to_the_team_leader(client_for, team_leader, client_record):
    response = client_for(team_leader).get(_tab(client_record))

    assert _set_lead(client_record) in response.content.decode()
    assert _add_coworker(client_record) in response.content.decode()


def test_it_shows_ended_allocations_with_who_ended_them_and_why(
    client_for, worker, colleague, team_leader, client_record
):
    allocation = services.allocation_add_coworker(client=client_record, worker=colleague, by=team_leader)
    services.allocation_end(allocation=allocation, by=team_leader, reason="Short-term help with benefits done")

    response = client_for(worker).get(_tab(client_record))

    [row] = response.context["ended"]
    assert (row.worker, row.ended_by) == (colleague, team_leader)
    assert "Short-term help with benefits done" in response.content.decode()


def test_it_says_what_to_do_when_nobody_is_allocated(client_for, team_leader, worker, team, open_client_for):
    unallocated = open_client_for(None, team, by=worker, lead=False)

    response = client_for(team_leader).get(_tab(unallocated))

    assert "Nobody is allocated yet. Choose a lead worker below." in " ".join(response.content.decode().split())


def test_it_refuses_a_post_to_the_tab(client_for, team_leader, client_record):
    assert client_for(team_leader).post(_tab(client_record)).status_code == 405


def test_it_hides_another_teams_workers_tab(client_for, other_worker, client_record):
    assert client_for(other_worker).get(_tab(client_record)).status_code == 404


def test_it_shows_the_tab_to_a_read_only_member(client_for, read_only, client_record):
    assert client_for(read_only).get(_tab(client_record)).status_code == 200


def test_it_reads_the_tab_in_the_same_queries_for_1_or_10_ended_allocations(
    client_for, worker, team, team_leader, client_record, queries_for
):
    def churn() -> None:
        helper = staff_with_role(Role.WORKER, team=team)
        allocation = services.allocation_add_coworker(client=client_record, worker=helper, by=team_leader)
        services.allocation_end(allocation=allocation, by=team_leader, reason="Cover ended")

    browser = client_for(worker)
    churn()
    _, one = queries_for(browser, _tab(client_record))
    for _ in range(9):
        churn()

    response, ten = queries_for(browser, _tab(client_record))

    assert len(response.context["ended"]) == 10
    assert len(ten) == len(one), "\n".join(ten)


# --- changing the lead worker ------------------------------------------------------------------------


def test_it_lets_the_team_leader_change_the_lead_worker(client_for, team_leader, worker, colleague, client_record):
    response = client_for(team_leader).post(
        _set_lead(client_record), {"lead-worker": colleague.pk, "lead-reason": "Priya is on long leave"}
    )

    assert response.status_code == 302
    client_record.refresh_from_db()
    assert client_record.lead_worker == colleague
    assert Allocation.objects.get(client=client_record, worker=worker).ended_at is not None


def test_it_asks_for_a_worker_from_the_team(client_for, team_leader, other_worker, client_record):
    response = client_for(team_leader).post(
        _set_lead(client_record), {"lead-worker": other_worker.pk, "lead-reason": "Moving teams"}
    )

    assert response.status_code == 422
    assert response.context["lead_form"].errors["worker"] == ["Choose a worker from the team."]
    assert 'value="Moving teams"' in response.content.decode()


def test_it_refuses_to_let_a_worker_change_the_lead_worker(client_for, worker, colleague, client_record):
    response = client_for(worker).post(_set_lead(client_record), {"lead-worker": colleague.pk})

    assert response.status_code == 403


def test_it_refuses_to_let_a_read_only_member_change_the_lead_worker(client_for, read_only, colleague, client_record):
    response = client_for(read_only).post(_set_lead(client_record), {"lead-worker": colleague.pk})

    assert response.status_code == 403


def test_it_hides_another_teams_client_from_allocation(client_for, other_team_same_service, colleague, client_record):
    other_leader = staff_with_role(Role.TEAM_LEADER, team=other_team_same_service)

    response = client_for(other_leader).post(_set_lead(client_record), {"lead-worker": colleague.pk})

    assert response.status_code == 404


def test_it_refuses_a_get_to_change_the_lead_worker(client_for, team_leader, client_record):
    assert client_for(team_leader).get(_set_lead(client_record)).status_code == 405


# --- co-workers ----------------------------------------------------------------------------------


def test_it_lets_the_team_leader_add_a_co_worker(client_for, team_leader, colleague, client_record):
    response = client_for(team_leader).post(
        _add_coworker(client_record), {"co-worker": colleague.pk, "co-reason": "Women-only sessions"}
    )

    assert response.status_code == 302
    allocation = Allocation.objects.get(client=client_record, worker=colleague, ended_at__isnull=True)
    assert (allocation.role, allocation.allocated_by, allocation.reason) == ("co", team_leader, "Women-only sessions")


def test_it_asks_which_co_worker(client_for, team_leader, client_record):
    response = client_for(team_leader).post(_add_coworker(client_record), {"co-reason": "Cover"})

    assert response.context["coworker_form"].errors["worker"] == ["Choose a worker from the team."]


def test_it_refuses_to_let_a_worker_add_a_co_worker(client_for, worker, colleague, client_record):
    assert client_for(worker).post(_add_coworker(client_record), {"co-worker": colleague.pk}).status_code == 403


def test_it_refuses_a_get_to_add_a_co_worker(client_for, team_leader, client_record):
    assert client_for(team_leader).get(_add_coworker(client_record)).status_code == 405


# --- ending an allocation --------------------------------------------------------------------------


@pytest.fixture
def co_allocation(client_record, colleague, team_leader):
    return services.allocation_add_coworker(client=client_record, worker=colleague, by=team_leader)


def test_it_lets_the_team_leader_end_an_allocation(client_for, team_leader, co_allocation):
    response = client_for(team_leader).post(_end(co_allocation), {"reason": "No longer needed"})

    assert response.status_code == 302
    co_allocation.refresh_from_db()
    assert (co_allocation.ended_at is not None, co_allocation.end_reason) == (True, "No longer needed")


def test_it_asks_why_an_allocation_is_ending(client_for, team_leader, co_allocation):
    response = client_for(team_leader).post(_end(co_allocation), {"reason": ""})

    assert response.status_code == 422
    assert response.context["form"].errors["reason"] == ["Say why this allocation is ending."]
    co_allocation.refresh_from_db()
    assert co_allocation.ended_at is None


def test_it_clears_the_lead_worker_when_the_lead_allocation_ends(client_for, team_leader, worker, client_record):
    lead = Allocation.objects.get(client=client_record, worker=worker)

    client_for(team_leader).post(_end(lead), {"reason": "Left the team"})

    client_record.refresh_from_db()
    assert client_record.lead_worker is None


def test_it_refuses_to_let_a_worker_end_an_allocation(client_for, worker, co_allocation):
    assert client_for(worker).post(_end(co_allocation), {"reason": "Done"}).status_code == 403


def test_it_answers_an_allocation_of_another_client_with_404(
    client_for, team_leader, worker, team, open_client_for, co_allocation
):
    someone_else = open_client_for(worker, team)
    url = reverse("clients:allocation_end", args=[someone_else.code, co_allocation.code])

    assert client_for(team_leader).post(url, {"reason": "Done"}).status_code == 404


def test_it_refuses_a_put_to_end_an_allocation(client_for, team_leader, co_allocation):
    assert client_for(team_leader).put(_end(co_allocation)).status_code == 405
