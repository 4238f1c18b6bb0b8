"""The access gate: ``client_for_user`` (one record) and ``visible_clients`` (lists)."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from clients import services
from clients.access import client_for_user, visible_clients
from clients.models import Allocation
from recovery.accounts.access import forget_scope
from recovery.accounts.factories import MembershipFactory, staff_with_role
from recovery.accounts.models import Role


@pytest.fixture
def team_client(open_client_for, team_leader, team):
    """An open, non-restricted client of ``team`` led by the team leader (not by ``worker``)."""
    return open_client_for(team_leader, team)


@pytest.fixture
def restricted_client(open_client_for, team_leader, team):
    """A restricted client of ``team``, allocated to the team leader only."""
    return open_client_for(team_leader, team, restricted=True)


def _visible_ids(user) -> set[int]:
    forget_scope(user)
    return set(visible_clients(user).values_list("id", flat=True))


def test_it_shows_a_worker_their_own_teams_client(worker, team_client):
    assert client_for_user(worker, team_client.code) == team_client


def test_it_lists_their_own_teams_client_for_a_worker(worker, team_client):
    assert team_client.pk in _visible_ids(worker)


def test_it_hides_a_restricted_client_from_an_unallocated_worker(worker, restricted_client):
    with pytest.raises(Http404):
        client_for_user(worker, restricted_client.code)


def test_it_leaves_a_restricted_client_out_of_an_unallocated_workers_lists(worker, restricted_client):
    assert restricted_client.pk not in _visible_ids(worker)


def test_it_shows_a_restricted_client_to_the_lead_worker(worker, restricted_client, team_leader):
    services.allocation_set_lead(client=restricted_client, worker=worker, by=team_leader)

    assert client_for_user(worker, restricted_client.code) == restricted_client


def test_it_shows_a_restricted_client_to_a_co_worker(worker, restricted_client, team_leader):
    services.allocation_add_coworker(client=restricted_client, worker=worker, by=team_leader)

    assert restricted_client.pk in _visible_ids(worker)


def test_it_hides_a_restricted_client_once_the_allocation_ends(worker, restricted_client, team_leader):
    allocation = services.allocation_add_coworker(client=restricted_client, worker=worker, by=team_leader)
    services.allocation_end(allocation=allocation, by=team_leader, reason="Worker moved to nights")

    assert Allocation.objects.filter(pk=allocation.pk, ended_at__isnull=False).exists()
    with pytest.raises(Http404):
        client_for_user(worker, restricted_client.code)


def test_it_drops_a_restricted_client_from_lists_once_the_allocation_ends(worker, restricted_client, team_leader):
    allocation = services.allocation_add_coworker(client=restricted_client, worker=worker, by=team_leader)
    services.allocation_end(allocation=allocation, by=team_leader)

    assert restricted_client.pk not in _visible_ids(worker)


def test_it_shows_a_restricted_client_to_the_team_leader_without_an_allocation(
    open_client_for, worker, team, team_leader
):
    restricted = open_client_for(worker, team, restricted=True)

    assert client_for_user(team_leader, restricted.code) == restricted
    assert restricted.pk in _visible_ids(team_leader)


def test_it_shows_a_service_manager_every_team_in_their_service(
    open_client_for, manager, team, other_team_same_service, worker, other_worker
):
    here = open_client_for(worker, team, restricted=True)
    there = open_client_for(other_worker, other_team_same_service)

    assert {here.pk, there.pk} <= _visible_ids(manager)
    assert client_for_user(manager, there.code) == there


def test_it_hides_another_services_clients_from_a_service_manager(open_client_for, other_service_manager, worker, team):
    client = open_client_for(worker, team)

    assert client.pk not in _visible_ids(other_service_manager)
    with pytest.raises(Http404):
        client_for_user(other_service_manager, client.code)


def test_it_shows_a_read_only_member_a_non_restricted_client(read_only, team_client):
    assert client_for_user(read_only, team_client.code) == team_client


def test_it_hides_a_restricted_client_from_a_read_only_member(read_only, restricted_client):
    with pytest.raises(Http404):
        client_for_user(read_only, restricted_client.code)


def test_it_refuses_a_read_only_member_a_change_with_403(read_only, team_client):
    with pytest.raises(PermissionDenied):
        client_for_user(read_only, team_client.code, for_change=True)


def test_it_lets_a_worker_change_their_own_teams_client(worker, team_client):
    assert client_for_user(worker, team_client.code, for_change=True) == team_client


def test_it_answers_another_teams_client_with_404(other_worker, team_client):
    with pytest.raises(Http404):
        client_for_user(other_worker, team_client.code)


def test_it_answers_another_teams_client_with_404_even_for_a_change(other_worker, team_client):
    with pytest.raises(Http404):
        client_for_user(other_worker, team_client.code, for_change=True)


def test_it_lists_nothing_from_another_team(other_worker, team_client):
    assert team_client.pk not in _visible_ids(other_worker)


def test_it_shows_an_administrator_without_a_clinical_role_nothing(administrator, team_client):
    assert _visible_ids(administrator) == set()
    with pytest.raises(Http404):
        client_for_user(administrator, team_client.code)


def test_it_shows_an_administrator_who_is_also_a_worker_their_team(team, team_client):
    admin_worker = staff_with_role("administrator")
    MembershipFactory(user=admin_worker, role=Role.WORKER, team=team)

    assert client_for_user(admin_worker, team_client.code) == team_client


@pytest.mark.parametrize("code", ["not-a-uuid", "", None, 12345, str(uuid.uuid4())])
def test_it_answers_a_bad_or_unknown_code_with_404(worker, team_client, code):
    with pytest.raises(Http404):
        client_for_user(worker, code)


def test_it_shows_a_deactivated_worker_nothing(worker, team_client):
    worker.is_active = False
    worker.save(update_fields=["is_active"])

    assert _visible_ids(worker) == set()
    with pytest.raises(Http404):
        client_for_user(worker, team_client.code)
