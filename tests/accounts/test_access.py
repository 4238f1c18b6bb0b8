"""The access rules as a matrix: every role against its own team, another team in the
same service, and a team in another service (DESIGN.md, "Roles and access")."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from recovery.accounts import access
from recovery.accounts.factories import MembershipFactory, TeamFactory, UserFactory
from recovery.accounts.models import Membership, Role, Team
from recovery.accounts.services import membership_grant, user_deactivate

ROLES = ["worker", "team_leader", "read_only", "manager", "administrator"]
TEAMS = ["team", "other_team_same_service", "other_service_team"]

# Which of TEAMS each role (a fixture in the root conftest) may view, change and lead.
CAN_VIEW = {
    "worker": {"team"},
    "team_leader": {"team"},
    "read_only": {"team"},
    "manager": {"team", "other_team_same_service"},
    "administrator": set(),
}
CAN_CHANGE = {
    "worker": {"team"},
    "team_leader": {"team"},
    "read_only": set(),
    "manager": {"team", "other_team_same_service"},
    "administrator": set(),
}
CAN_LEAD = {
    "worker": set(),
    "team_leader": {"team"},
    "read_only": set(),
    "manager": {"team", "other_team_same_service"},
    "administrator": set(),
}

MATRIX = [(role, team) for role in ROLES for team in TEAMS]
HIDDEN = [(role, team) for role, team in MATRIX if team not in CAN_VIEW[role]]
READ_ONLY_CELLS = [(role, team) for role, team in MATRIX if team in CAN_VIEW[role] - CAN_CHANGE[role]]
CHANGEABLE = [(role, team) for role, team in MATRIX if team in CAN_CHANGE[role]]
VISIBLE = [(role, team) for role, team in MATRIX if team in CAN_VIEW[role]]


def _cell(request, role: str, team_name: str):
    """The user holding ``role`` and the team named ``team_name`` (fixtures in the root conftest)."""
    return request.getfixturevalue(role), request.getfixturevalue(team_name)


def _cells(cells):
    return pytest.mark.parametrize(("role", "team_name"), cells, ids=[f"{role}-{team}" for role, team in cells])


@_cells(MATRIX)
def test_it_lets_each_role_view_only_its_teams(request, role, team_name):
    user, team = _cell(request, role, team_name)
    expected = team_name in CAN_VIEW[role]
    assert (team.id in access.scope_for(user).visible_team_ids) is expected
    assert access.can_view_team(user, team.id) is expected


@_cells(MATRIX)
def test_it_lets_each_role_change_only_its_teams(request, role, team_name):
    user, team = _cell(request, role, team_name)
    expected = team_name in CAN_CHANGE[role]
    assert (team.id in access.scope_for(user).changeable_team_ids) is expected
    assert access.can_change_team(user, team.id) is expected


@_cells(MATRIX)
def test_it_lets_each_role_lead_only_its_teams(request, role, team_name):
    user, team = _cell(request, role, team_name)
    expected = team_name in CAN_LEAD[role]
    assert (team.id in access.scope_for(user).led_team_ids) is expected
    assert access.can_lead_team(user, team.id) is expected


@_cells(HIDDEN)
def test_it_answers_a_team_out_of_sight_with_404(request, role, team_name):
    user, team = _cell(request, role, team_name)
    with pytest.raises(Http404):
        access.require_visible(user, team.id)


@_cells(VISIBLE)
def test_it_lets_a_visible_team_through_require_visible(request, role, team_name):
    user, team = _cell(request, role, team_name)
    assert access.require_visible(user, team.id) is None


@_cells(HIDDEN)
def test_it_answers_a_change_to_a_team_out_of_sight_with_404_not_403(request, role, team_name):
    user, team = _cell(request, role, team_name)
    with pytest.raises(Http404):
        access.require_change(user, team.id)


@_cells(READ_ONLY_CELLS)
def test_it_refuses_a_change_by_a_role_that_may_only_read_with_403(request, role, team_name):
    user, team = _cell(request, role, team_name)
    with pytest.raises(PermissionDenied):
        access.require_change(user, team.id)


@_cells(CHANGEABLE)
def test_it_lets_a_role_that_may_change_through_require_change(request, role, team_name):
    user, team = _cell(request, role, team_name)
    assert access.require_change(user, team.id) is None


@pytest.mark.parametrize("role", ROLES)
def test_it_scopes_a_team_queryset_to_the_visible_teams(role, request):
    teams = {name: request.getfixturevalue(name) for name in TEAMS}
    user = request.getfixturevalue(role)

    scoped = access.scope_queryset(Team.objects.all(), user, team_field="id")

    assert set(scoped) == {teams[name] for name in CAN_VIEW[role]}


@pytest.mark.parametrize("role", ROLES)
def test_it_scopes_a_query_over_team_owned_rows(role, request):
    teams = {name: request.getfixturevalue(name) for name in TEAMS}
    user = request.getfixturevalue(role)
    for team in teams.values():
        MembershipFactory(team=team)

    scoped = access.scope_queryset(Membership.objects.exclude(user=user), user, team_field="team")

    assert {membership.team for membership in scoped} == {teams[name] for name in CAN_VIEW[role]}


def test_it_hides_an_inactive_team_from_its_worker(worker, team):
    team.is_active = False
    team.save()

    assert access.scope_for(worker).visible_team_ids == frozenset()


def test_it_hides_an_inactive_team_from_its_service_manager(manager, team, other_team_same_service):
    team.is_active = False
    team.save()

    assert access.scope_for(manager).visible_team_ids == {other_team_same_service.id}


def test_it_gives_a_deactivated_user_an_empty_scope(worker, team):
    assert access.can_view_team(worker, team.id)  # the scope is now cached on this object

    user_deactivate(user=worker, by=None)

    assert access.scope_for(worker) == access.EMPTY_SCOPE


def test_it_gives_an_anonymous_user_an_empty_scope():
    assert access.scope_for(AnonymousUser()) == access.EMPTY_SCOPE


def test_it_gives_an_administrator_no_clinical_role(administrator):
    scope = access.scope_for(administrator)

    assert scope.is_administrator
    assert not scope.has_clinical_role


def test_it_works_out_a_workers_scope_in_one_query_then_caches_it(worker, django_assert_num_queries):
    with django_assert_num_queries(1):  # the memberships with their teams
        access.scope_for(worker)
    with django_assert_num_queries(0):
        access.scope_for(worker)


def test_it_works_out_a_service_managers_scope_in_two_queries(manager, django_assert_num_queries):
    # 1. the memberships, 2. the active teams of the managed service(s)
    with django_assert_num_queries(2):
        access.scope_for(manager)


def test_it_recomputes_the_scope_after_a_role_is_granted(worker, other_team_same_service):
    assert not access.can_view_team(worker, other_team_same_service.id)

    membership_grant(user=worker, role=Role.WORKER, team=other_team_same_service)

    assert access.can_view_team(worker, other_team_same_service.id)


def test_it_sums_the_roles_of_someone_in_two_teams(team, other_service_team):
    user = UserFactory()
    MembershipFactory(user=user, role=Role.WORKER, team=team)
    MembershipFactory(user=user, role=Role.READ_ONLY, team=other_service_team)

    scope = access.scope_for(user)

    assert (scope.visible_team_ids, scope.changeable_team_ids) == ({team.id, other_service_team.id}, {team.id})


def test_it_lists_visible_teams_with_their_service(manager, team, other_team_same_service, other_service_team):
    TeamFactory(service=team.service, is_active=False)

    assert set(access.visible_teams(manager)) == {team, other_team_same_service}
